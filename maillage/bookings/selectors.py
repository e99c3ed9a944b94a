"""Reads of the booking engine: calendars, a structure's bookings, free resources."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

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


def free_resources(
    resources: QuerySet[Resource], start: datetime.datetime, end: datetime.datetime
) -> QuerySet[Resource]:
    """Keep the resources no holding booking covers over the period (each one's buffer included)."""
    held = Booking.objects.filter(
        resource=OuterRef("pk"), state__in=BLOCKING_STATES, start__lt=end, blocked_until__gt=start
    )
    return resources.filter(withdrawn_at__isnull=True).exclude(Exists(held))


def bookings_for_user(user: Any) -> QuerySet[Booking]:
    """Return the bookings the user's structures asked for or must decide on, newest first."""
    mine = StructureMembership.objects.filter(user=user).values("structure_id")
    return (
        bookings_with_relations()
        .filter(Q(requester_id__in=mine) | Q(resource__owner_id__in=mine))
        .order_by("-created_at", "-pk")
    )
