"""Who may do what to an event: its organisers' managers edit it, their coordinators moderate it."""

from __future__ import annotations

from typing import Any

from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.memberships.rules import moderated_structures

VIEW = "view"
EDIT = "edit_event"
MODERATE = "moderate_event"
EXPORT_REGISTRATIONS = "export_registrations"
ORGANISER_ACTIONS = frozenset({VIEW, EDIT, EXPORT_REGISTRATIONS})
MODERATOR_ACTIONS = frozenset({VIEW, EDIT, MODERATE, EXPORT_REGISTRATIONS})


def event_rule(user: Any, action: str, event: Any) -> bool:
    """Decide on an event (`can` has already let superusers through and kept anonymous people to viewing)."""
    public = event.status in ("published", "cancelled") and event.withdrawn_at is None
    if action == VIEW and public:
        return True
    if user is None or not user.is_authenticated:
        return False
    organisers = event.organiser_links.values("structure_id")
    if (
        action in ORGANISER_ACTIONS
        and StructureMembership.objects.filter(
            user=user, structure_id__in=organisers, role=MemberRole.MANAGER
        ).exists()
    ):
        return True
    return action in MODERATOR_ACTIONS and moderated_structures(user).filter(pk__in=organisers).exists()
