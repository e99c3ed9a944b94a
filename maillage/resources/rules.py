"""Who may do what to a resource or a collection: its structures' managers edit it, coordinators too."""

from __future__ import annotations

from typing import Any

from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.memberships.rules import moderated_structures
from maillage.resources.models import Collection, Resource

VIEW = "view"
EDIT = "edit_resource"
WITHDRAW = "withdraw_resource"
EDITOR_ACTIONS = frozenset({VIEW, EDIT, WITHDRAW})


def _structure_ids(obj: Resource | Collection) -> list[int]:
    if isinstance(obj, Collection):
        return [obj.editor_id] if obj.editor_id else []
    ids = [s.pk for s in obj.creators.all()]
    return [*ids, obj.publisher_id] if obj.publisher_id else ids


def library_rule(user: Any, action: str, obj: Resource | Collection) -> bool:
    """Decide on a resource or collection (`can` has let superusers through, anonymous people only view)."""
    if action == VIEW and obj.withdrawn_at is None:
        return True
    if user is None or not user.is_authenticated or action not in EDITOR_ACTIONS:
        return False
    if user.is_staff:
        return True
    ids = _structure_ids(obj)
    if not ids:
        return False  # a resource of nobody in the directory is the staff's to curate
    managers = StructureMembership.objects.filter(user=user, structure_id__in=ids, role=MemberRole.MANAGER)
    return managers.exists() or moderated_structures(user).filter(pk__in=ids).exists()
