"""A person's registrations in the account export and deletion, and their calendar feed."""

from __future__ import annotations

from typing import Any

from maillage.events.models import CalendarFeed, Registration


def export_registrations(user: Any) -> list[dict[str, Any]]:
    """Return the registrations made from the account or with its address."""
    rows = Registration.objects.select_related("event", "session").filter(
        user=user
    ) | Registration.objects.filter(email__iexact=user.email)
    return [
        {
            "event": r.event.title,
            "session": r.session.title if r.session else None,
            "name": r.name,
            "email": r.email,
            "structure": r.structure_name,
            "status": r.status,
            "registered_at": r.created_at.isoformat(),
        }
        for r in rows.select_related("event", "session").distinct().order_by("created_at")
    ]


def erase_registrations(user: Any) -> None:
    """Blank the person's registrations (the seat counts stay, the organisers keep numbers, not names)."""
    rows = Registration.objects.filter(user=user) | Registration.objects.filter(email__iexact=user.email)
    for registration in rows.distinct():
        Registration.objects.filter(pk=registration.pk).update(
            name="", email="", structure_name="", user=None, token=f"erased-{registration.pk}"
        )
    CalendarFeed.objects.filter(user=user).delete()
