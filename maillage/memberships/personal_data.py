"""What the role log holds about a person: the roles they were given or lost."""

from typing import Any

from maillage.memberships.models import RoleEvent


def role_log_export(user: Any) -> list[dict[str, Any]]:
    """Return the person's role log as JSON-ready data."""
    events = RoleEvent.objects.filter(person=user).select_related("structure", "territory")
    return [
        {
            "date": event.created_at.isoformat(),
            "role": event.get_role_display(),
            "changement": event.get_change_display(),
            "sur": event.object_name,
            "par": event.actor_role,
            "circonstance": event.reason,
        }
        for event in events.order_by("created_at", "pk")
    ]


def role_log_erase(user: Any) -> None:
    """Drop the person's own log; in others' logs they stay as the role they acted in, unnamed."""
    RoleEvent.objects.filter(person=user).delete()
    RoleEvent.objects.filter(actor=user).update(actor=None)
