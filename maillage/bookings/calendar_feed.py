"""Calendars of bookings as iCalendar (.ics) feeds, for a resource or a structure."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from icalendar import Calendar, Event

from maillage.bookings.enums import BLOCKING_STATES, BookingState
from maillage.bookings.models import Booking


def booking_uid(booking: Booking) -> str:
    """Return the stable identifier a calendar application keeps for the booking."""
    return f"reservation-{booking.pk}@maillage"


def _status(booking: Booking) -> str:
    if booking.state in BLOCKING_STATES or booking.state in (BookingState.RETURNED, BookingState.CLOSED):
        return "CONFIRMED"
    if booking.state == BookingState.REQUESTED:
        return "TENTATIVE"
    return "CANCELLED"


def ics_feed(name: str, bookings: Iterable[Booking]) -> bytes:
    """Render the bookings as one calendar (resources and structures' names only, no person)."""
    calendar = Calendar()
    calendar.add("prodid", "-//maillage//réservations//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for booking in bookings:
        event = Event()
        event.add("uid", booking_uid(booking))
        event.add("dtstamp", booking.created_at)
        event.add("dtstart", booking.start)
        event.add("dtend", booking.end)
        event.add("summary", f"{booking.resource.name} — {booking.requester.name}")
        event.add("status", _status(booking))
        if settings.SITE_URL:
            event.add("url", f"{settings.SITE_URL}/mutualisation/reservations/{booking.pk}/")
        calendar.add_component(event)
    return calendar.to_ical()
