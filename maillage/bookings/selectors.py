"""Reads of the booking engine: calendars, a structure's bookings, free resources."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.postgres.fields import DateTimeRangeField
from django.db import connection
from django.db.models import F, Func, Q, QuerySet, Value

from maillage.bookings.enums import BLOCKING_STATES, BookingState
from maillage.bookings.models import Booking, Resource, StructureFeed
from maillage.memberships.models import StructureMembership
from maillage.structures.models import Structure

# States a calendar shows: what is asked for, held, or was held.
CALENDAR_STATES = (
    BookingState.REQUESTED,
    BookingState.ACCEPTED,
    BookingState.HANDED_OVER,
    BookingState.RETURNED,
    BookingState.CLOSED,
)


def bookings_with_relations() -> QuerySet[Booking]:
    return Booking.objects.select_related("resource", "resource__owner", "requester")


def resource_calendar(resource: Resource) -> QuerySet[Booking]:
    """Return the bookings of a resource a calendar shows, in order."""
    return (
        bookings_with_relations().filter(resource=resource, state__in=CALENDAR_STATES).order_by("start", "pk")
    )


def structure_calendar(structure: Structure) -> QuerySet[Booking]:
    """Return the bookings of a structure's resources and those it asked for."""
    return (
        bookings_with_relations()
        .filter(Q(resource__owner=structure) | Q(requester=structure), state__in=CALENDAR_STATES)
        .order_by("start", "pk")
    )


def resource_by_feed_token(pk: int, token: str) -> Resource | None:
    return Resource.objects.filter(pk=pk, feed_token=token).first() if token else None


def structure_by_feed_token(slug: str, token: str) -> Structure | None:
    feed = StructureFeed.objects.filter(structure__slug=slug, token=token).select_related("structure").first()
    return feed.structure if token and feed else None


def structure_feed(structure: Structure) -> StructureFeed:
    """Return the structure's calendar token, creating it on first use."""
    feed, _created = StructureFeed.objects.get_or_create(structure=structure)
    return feed


def held_resource_ids(start: datetime.datetime, end: datetime.datetime) -> QuerySet[Booking, Any]:
    """Return the ids of resources a holding booking covers over part of the period (its buffer included)."""
    holding = Booking.objects.filter(state__in=BLOCKING_STATES)
    if connection.vendor == "postgresql":
        # The same range expression as the exclusion constraint's: its GiST index answers the overlap,
        # where two bounds compared one by one are badly estimated and read the whole table.
        period = Func(
            F("start"),
            F("blocked_until"),
            Value("[)"),
            function="tstzrange",
            output_field=DateTimeRangeField(),
        )
        wanted = Func(
            Value(start), Value(end), Value("[)"), function="tstzrange", output_field=DateTimeRangeField()
        )
        return holding.alias(period=period).filter(period__overlap=wanted).values("resource_id")
    return holding.filter(start__lt=end, blocked_until__gt=start).values("resource_id")


def withdrawn_resource_ids() -> QuerySet[Resource, Any]:
    """Return the ids of withdrawn resources: a handful, excluded by set rather than by a join per row."""
    return Resource.objects.filter(withdrawn_at__isnull=False).values("pk")


def free_resources(
    resources: QuerySet[Resource], start: datetime.datetime, end: datetime.datetime
) -> QuerySet[Resource]:
    """Keep the resources no holding booking covers over the period.

    One set of held resources, not one probe per resource: the held ones over a few days are a few hundred
    among thousands. The buffer the new booking would leave after itself is checked when it is requested.
    """
    return resources.filter(withdrawn_at__isnull=True).exclude(pk__in=held_resource_ids(start, end))


def bookings_for_user(user: Any) -> QuerySet[Booking]:
    """Return the bookings the user's structures asked for or must decide on, newest first."""
    mine = StructureMembership.objects.filter(user=user).values("structure_id")
    return (
        bookings_with_relations()
        .filter(Q(requester_id__in=mine) | Q(resource__owner_id__in=mine))
        .order_by("-created_at", "-pk")
    )
