"""Who may see and manage places and spaces, registered with `can` (the managing structure's managers)."""

from __future__ import annotations

from typing import Any

from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.memberships.rules import can
from maillage.places.models import Place, Space


def _role(user: Any, structure_id: int) -> str | None:
    if not user.is_authenticated:
        return None
    row = StructureMembership.objects.filter(user=user, structure_id=structure_id).values_list(
        "role", flat=True
    )
    return row.first()


def place_rule(user: Any, action: str, place: Place) -> bool:
    """Anyone sees a place open to bookings; the managing structure's managers manage it."""
    if action == "view":
        return place.withdrawn_at is None or _role(user, place.owner_id) is not None
    return action == "manage" and _role(user, place.owner_id) == MemberRole.MANAGER


def space_rule(user: Any, action: str, space: Space) -> bool:
    """A space is seen where its place is, and follows its resource otherwise."""
    if action == "view":
        return can(user, "view", space.place) and can(user, "view", space.resource)
    return can(user, action, space.resource)
