"""Mails of the booking engine, sent by tasks once the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from maillage.accounts.emails import send_after_commit
from maillage.bookings.enums import BookingState
from maillage.bookings.models import Booking
from maillage.bookings.periods import describe
from maillage.memberships.rules import managers_of


def _context(booking: Booking) -> dict[str, object]:
    return {
        "booking": booking,
        "period": describe(booking.start, booking.end, booking.resource.unit),
        "url": settings.SITE_URL + reverse("pooling:booking", args=[booking.pk]),
    }


def booking_requested(booking: Booking) -> None:
    """Tell the owner's managers a request waits for them (or that a free period was taken)."""
    send_after_commit(
        to=list(managers_of(booking.resource.owner).values_list("email", flat=True)),
        subject=f"Demande de réservation : {booking.resource}",
        template="emails/bookings_requested.txt",
        context=_context(booking),
    )


def booking_moved(booking: Booking) -> None:
    """Tell the requesting person of a decision, and the owner's managers of a cancellation."""
    if booking.state in (BookingState.ACCEPTED, BookingState.REFUSED) and booking.requested_by_id:
        to = [booking.requested_by.email] if booking.requested_by else []
    elif booking.state == BookingState.CANCELLED:
        to = list(managers_of(booking.resource.owner).values_list("email", flat=True))
    else:
        return
    send_after_commit(
        to=to,
        subject=f"Réservation {booking.get_state_display().lower()} : {booking.resource}",
        template="emails/bookings_moved.txt",
        context=_context(booking),
    )
