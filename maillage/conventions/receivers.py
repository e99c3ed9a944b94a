"""Keep a convention's signatories, owners and indicators when two structures are merged."""

from typing import Any

from maillage.conventions.models import Action, ProgressIndicator, Signatory
from maillage.structures.models import Structure


def move_convention_links_to_kept_structure(*, keep: Structure, duplicate: Structure, **kwargs: Any) -> None:
    """Give the duplicate's signatures, actions and network indicators to the kept structure."""
    already = Signatory.objects.filter(structure=keep).values("convention_id")
    Signatory.objects.filter(structure=duplicate).exclude(convention_id__in=already).update(structure=keep)
    Signatory.objects.filter(structure=duplicate).delete()
    ProgressIndicator.objects.filter(network=duplicate).update(network=keep)
    for action in Action.objects.filter(owners=duplicate):
        action.owners.add(keep)
        action.owners.remove(duplicate)
