"""Reads of shared places: the places on offer, a day's bookings of their spaces, a month's occupancy."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from maillage.bookings.enums import BLOCKING_STATES, BookingState
from maillage.bookings.models import Booking
from maillage.places.models import ClosingDay, Place, Space

# A day's schedule shows what holds a space and what is asked for it.
SCHEDULE_STATES = (*BLOCKING_STATES, BookingState.REQUESTED)
# Occupancy counts the hours a space was held or used.
OCCUPIED_STATES = (*BLOCKING_STATES, BookingState.RETURNED, BookingState.CLOSED)


def spaces_on_offer() -> QuerySet[Space]:
    return Space.objects.filter(resource__withdrawn_at__isnull=True).select_related("resource")


def places_on_offer() -> QuerySet[Place]:
    """Return the places open to bookings with their spaces, by name."""
    return (
        Place.objects.filter(withdrawn_at__isnull=True)
        .select_related("owner")
        .prefetch_related(Prefetch("spaces", spaces_on_offer()))
        .order_by("name", "pk")
    )


def place_by_slug(slug: str) -> Place | None:
    return Place.objects.select_related("owner").filter(slug=slug).first()


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def day_bookings(spaces: Iterable[Space], day: datetime.date) -> dict[int, list[Booking]]:
    """Map each space's id to the bookings that hold or ask for part of the day, buffers included."""
    by_resource = {space.resource_id: space.pk for space in spaces}
    start, end = day_bounds(day)
    found: dict[int, list[Booking]] = defaultdict(list)
    rows = Booking.objects.filter(
        resource_id__in=by_resource, state__in=SCHEDULE_STATES, start__lt=end, blocked_until__gt=start
    ).select_related("requester", "resource")
    for booking in rows.order_by("start", "pk"):
        found[by_resource[booking.resource_id]].append(booking)
    return found


def upcoming_closing_days(place: Place, since: datetime.date, count: int = 10) -> list[ClosingDay]:
    return list(place.closing_days.filter(day__gte=since).order_by("day")[:count])


@dataclass(frozen=True)
class Occupancy:
    space: Space
    booked_hours: float
    open_hours: float

    @property
    def rate(self) -> int:
        """Return the share of opening hours booked, in whole percent."""
        return round(100 * self.booked_hours / self.open_hours) if self.open_hours else 0


def _open_hours(place: Place, year: int, month: int) -> float:
    closed = set(place.closing_days.filter(day__year=year, day__month=month).values_list("day", flat=True))
    opening = datetime.datetime.combine(datetime.date.min, place.closes_at) - datetime.datetime.combine(
        datetime.date.min, place.opens_at
    )
    days = [datetime.date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]
    open_days = [d for d in days if str(d.isoweekday()) not in place.closed_weekdays and d not in closed]
    return len(open_days) * opening.total_seconds() / 3600


def occupancy(place: Place, spaces: list[Space], year: int, month: int) -> list[Occupancy]:
    """Return, per space, the hours booked in the month against the place's opening hours."""
    first = datetime.date(year, month, 1)
    start, _ = day_bounds(first)
    end, _ = day_bounds(first + datetime.timedelta(days=calendar.monthrange(year, month)[1]))
    booked: dict[int, float] = defaultdict(float)
    rows = Booking.objects.filter(
        resource_id__in=[s.resource_id for s in spaces],
        state__in=OCCUPIED_STATES,
        start__lt=end,
        end__gt=start,
    ).values_list("resource_id", "start", "end")
    for resource_id, begins, ends in rows:
        booked[resource_id] += (min(ends, end) - max(begins, start)).total_seconds() / 3600
    hours = _open_hours(place, year, month)
    return [
        Occupancy(space=s, booked_hours=round(booked[s.resource_id], 1), open_hours=hours) for s in spaces
    ]
