"""Who sees a shared position: the group's managers, and the members it works for (their own lines)."""

from __future__ import annotations

from typing import Any

from maillage.employers.models import PlannedShare, SharedPosition
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership


def manages_group(user: Any, group_id: int) -> bool:
    return StructureMembership.objects.filter(
        user=user, structure_id=group_id, role=MemberRole.MANAGER
    ).exists()


def member_structures(user: Any, group_id: int) -> list[int]:
    """Return the group's members (structures with a planned share) the user belongs to."""
    mine = StructureMembership.objects.filter(user=user).values("structure_id")
    found = PlannedShare.objects.filter(position__group_id=group_id, member_id__in=mine)
    return sorted(set(found.values_list("member_id", flat=True)))


def position_rule(user: Any, action: str, position: SharedPosition) -> bool:
    """Managers of the group manage; members of a structure the position works for view it."""
    if not user.is_authenticated:
        return False
    if manages_group(user, position.group_id):
        return action in ("view", "manage")
    if action != "view":
        return False
    mine = StructureMembership.objects.filter(user=user).values("structure_id")
    return PlannedShare.objects.filter(position=position, member_id__in=mine).exists()
