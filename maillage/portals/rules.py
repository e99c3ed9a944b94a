"""Who may do what to a portal: anyone views a published one, its owners (and nobody else) edit it."""

from __future__ import annotations

from typing import Any

from maillage.memberships.enums import MemberRole
from maillage.memberships.models import NetworkCoordinator, StructureMembership, TerritoryCoordinator
from maillage.portals.models import Portal
from maillage.structures.enums import StructureKind

VIEW = "view"
EDIT = "edit_portal"
WITHDRAW = "withdraw_portal"
OWNER_ACTIONS = frozenset({VIEW, EDIT, WITHDRAW})


def portal_rule(user: Any, action: str, portal: Portal) -> bool:
    """Decide on a portal (`can` has let superusers through, anonymous people only view)."""
    if action == VIEW and portal.withdrawn_at is None:
        return True
    if user is None or not user.is_authenticated or action not in OWNER_ACTIONS:
        return False
    # Ownership, not a role elsewhere: a network's coordinator who is not an owner does not edit its portal.
    return portal.owners.filter(pk=user.pk).exists()


def may_open_portal(user: Any) -> bool:
    """Tell whether the person may open a portal: a network's or territory's coordinator, a PTCE's manager."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        NetworkCoordinator.objects.filter(user=user).exists()
        or TerritoryCoordinator.objects.filter(user=user).exists()
        or StructureMembership.objects.filter(
            user=user, role=MemberRole.MANAGER, structure__kind=StructureKind.PTCE_CLUSTER
        ).exists()
    )
