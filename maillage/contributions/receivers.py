"""Keep contributions pointing at a structure that another one absorbs in a merge."""

from typing import Any

from maillage.contributions.models import ChangeRequest, Invitation
from maillage.structures.models import Structure


def move_to_kept_structure(*, keep: Structure, duplicate: Structure, **kwargs: Any) -> None:
    """Point the duplicate's requests and invitations to the structure kept, before the duplicate goes."""
    ChangeRequest.objects.filter(structure=duplicate).update(structure=keep)
    Invitation.objects.filter(structure=duplicate).update(structure=keep)
