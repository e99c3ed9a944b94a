"""Who may do what to a fiche or a charter signature: carriers' managers, moderators, staff."""

from __future__ import annotations

from typing import Any

from maillage.initiatives.enums import CarrierRole
from maillage.initiatives.models import CharterSignature, Initiative
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.memberships.rules import moderated_structures
from maillage.structures.enums import StructureKind

VIEW = "view"
EDIT = "edit_initiative"
SUBMIT = "submit_initiative"
CONFIRM = "confirm_initiative"
PUBLISH = "publish_initiative"
WITHDRAW = "withdraw_initiative"
SIGN = "sign_charter"
CARRIER_ACTIONS = frozenset({VIEW, EDIT, SUBMIT, CONFIRM, WITHDRAW})


def _carrier_ids(initiative: Initiative) -> list[int]:
    return list(initiative.links.filter(role=CarrierRole.CARRIER).values_list("structure_id", flat=True))


def _manages_any(user: Any, ids: list[int]) -> bool:
    return StructureMembership.objects.filter(
        user=user, structure_id__in=ids, role=MemberRole.MANAGER
    ).exists()


def initiative_rule(user: Any, action: str, obj: Initiative) -> bool:
    """Decide on a fiche (`can` has let superusers through; anonymous people only view public fiches)."""
    if action == VIEW and obj.is_public:
        return True
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    ids = _carrier_ids(obj) if obj.pk else []
    if action == PUBLISH:
        # Publication is the moderators' call: the carriers' coordinators, never the carriers alone.
        return bool(ids) and moderated_structures(user).filter(pk__in=ids).exists()
    if action not in CARRIER_ACTIONS or not ids:
        return False
    return _manages_any(user, ids) or moderated_structures(user).filter(pk__in=ids).exists()


def charter_rule(user: Any, action: str, obj: CharterSignature) -> bool:
    """Let the managers of a PTCE sign the charter for it (an unsaved signature is the question)."""
    if action == VIEW:
        return True
    if action != SIGN or user is None or not user.is_authenticated:
        return False
    structure = obj.structure
    if structure.kind != StructureKind.PTCE_CLUSTER:
        return False
    return _manages_any(user, [structure.pk])
