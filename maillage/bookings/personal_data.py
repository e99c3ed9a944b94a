"""What the booking engine holds about a person: the bookings they asked for and the steps they took."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from maillage.bookings.models import Booking, BookingEvent


def export_bookings(user: Any) -> dict[str, list[dict[str, Any]]]:
    """Return the bookings the user requested and the steps of bookings the user took."""
    requested = Booking.objects.filter(requested_by=user).select_related("resource", "requester")
    steps = BookingEvent.objects.filter(actor=user).select_related("booking__resource")
    return {
        "requested": [
            {
                "resource": b.resource.name,
                "structure": b.requester.name,
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
                "state": b.state,
                "note": b.note,
            }
            for b in requested.order_by("pk")
        ],
        "steps": [
            {"resource": e.booking.resource.name, "state": e.state, "at": e.at.isoformat(), "note": e.note}
            for e in steps.order_by("pk")
        ],
    }


@transaction.atomic
def erase_bookings(user: Any) -> None:
    """Detach the user from bookings and their steps: the bookings stay, they belong to structures."""
    Booking.objects.filter(requested_by=user).update(requested_by=None)
    Booking.objects.filter(cancelled_by=user).update(cancelled_by=None)
    BookingEvent.objects.filter(actor=user).update(actor=None)
