"""Who may do what with resources and bookings, registered with `can` (owners' managers decide)."""

from __future__ import annotations

from typing import Any

from maillage.bookings.models import Booking, Resource
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership

# Actions of this app, as `can` receives them.
VIEW = "view"
MANAGE = "manage"  # a resource: edit it, see its calendar's private address
DECIDE = "decide"  # a booking: accept, refuse, hand over, record the return, close
CANCEL = "cancel"


def _roles(user: Any, *structure_ids: int) -> dict[int, str]:
    if not user.is_authenticated:
        return {}
    rows = StructureMembership.objects.filter(user=user, structure_id__in=structure_ids)
    return dict(rows.values_list("structure_id", "role"))


def resource_rule(user: Any, action: str, resource: Resource) -> bool:
    """Anyone sees a resource on offer; its owner's managers manage it."""
    if action == VIEW:
        return resource.withdrawn_at is None or _roles(user, resource.owner_id) != {}
    return action == MANAGE and _roles(user, resource.owner_id).get(resource.owner_id) == MemberRole.MANAGER


def booking_rule(user: Any, action: str, booking: Booking) -> bool:
    """The owner's managers decide; the requesting structure's members see and cancel their own."""
    roles = _roles(user, booking.resource.owner_id, booking.requester_id)
    owner_manager = roles.get(booking.resource.owner_id) == MemberRole.MANAGER
    requester_member = booking.requester_id in roles
    if action == VIEW:
        return owner_manager or requester_member
    if action == DECIDE:
        return owner_manager
    if action == CANCEL:
        return owner_manager or requester_member
    return False
