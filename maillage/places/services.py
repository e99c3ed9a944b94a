"""Writes of shared places: places, spaces and closing days, and hour bookings through the booking engine."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone

from maillage.bookings.enums import Unit
from maillage.bookings.models import Booking, Resource
from maillage.bookings.services import booking_request
from maillage.concurrency.versions import versioned_update
from maillage.places.eligibility import may_book, refusal
from maillage.places.enums import WEEKDAYS, SpaceAudience, SpaceKind
from maillage.places.models import ClosingDay, Place, Space
from maillage.structures.models import Structure

# Fields of a place its managers edit from the form.
PLACE_FIELDS = ("name", "description", "address", "opens_at", "closes_at", "closed_weekdays")


@transaction.atomic
def place_create(*, owner: Structure, actor: Any, name: str, slug: str, **fields: Any) -> Place:
    """Open a shared place managed by the owner structure."""
    place = Place(
        owner=owner, name=name.strip(), slug=slug, **{k: fields[k] for k in PLACE_FIELDS if k in fields}
    )
    place.full_clean()
    place.save()
    return place


@transaction.atomic
def place_update(*, place: Place, actor: Any, expected_version: int, **fields: Any) -> Place:
    """Change a place's description or hours, unless someone changed it since the form was read."""
    for name in PLACE_FIELDS:
        if name in fields:
            setattr(place, name, fields[name])
    place.full_clean(exclude=["slug", "owner"])
    place.version = versioned_update(place, expected_version=expected_version, fields=[*fields])
    return place


@transaction.atomic
def space_create(
    *,
    place: Place,
    actor: Any,
    name: str,
    kind: str = SpaceKind.ROOM,
    capacity: int | None = None,
    equipment: str = "",
    audience: str = SpaceAudience.RESIDENTS,
    buffer: datetime.timedelta = datetime.timedelta(0),
    approval_required: bool = True,
) -> Space:
    """Offer a space of the place, booked by the hour with its own calendar in the booking engine."""
    resource = Resource(
        owner_id=place.owner_id,
        name=name.strip(),
        unit=Unit.HOUR,
        buffer=buffer,
        approval_required=approval_required,
    )
    resource.full_clean()
    resource.save()
    space = Space(
        place=place, resource=resource, kind=kind, capacity=capacity, equipment=equipment, audience=audience
    )
    space.full_clean()
    space.save()
    return space


@transaction.atomic
def closing_day_add(*, place: Place, actor: Any, day: datetime.date, reason: str = "") -> ClosingDay:
    """Close the place on one day; bookings already accepted that day stay, to be cancelled one by one."""
    closing, _created = ClosingDay.objects.get_or_create(
        place=place, day=day, defaults={"reason": reason.strip()}
    )
    return closing


def _check_opening(place: Place, day: datetime.date, start: datetime.time, end: datetime.time) -> None:
    if end <= start:
        raise ValidationError("L'heure de fin doit suivre l'heure de début.", code="period")
    if day < timezone.localdate():
        raise ValidationError("Choisissez un jour à venir.", code="past")
    if str(day.isoweekday()) in place.closed_weekdays:
        raise ValidationError(f"« {place} » est fermé le {WEEKDAYS[day.isoweekday()]}.", code="closed")
    closing = ClosingDay.objects.filter(place=place, day=day).first()
    if closing is not None:
        why = f" ({closing.reason})" if closing.reason else ""
        raise ValidationError(
            f"« {place} » est fermé le {formats.date_format(day, 'j F Y')}{why}.", code="closed"
        )
    if start < place.opens_at or end > place.closes_at:
        raise ValidationError(
            f"« {place} » est ouvert de {place.opens_at:%H:%M} à {place.closes_at:%H:%M} : "
            "choisissez un créneau dans ces heures.",
            code="hours",
        )


def space_book(
    *,
    space: Space,
    requester: Structure,
    actor: Any,
    day: datetime.date,
    start: datetime.time,
    end: datetime.time,
    note: str = "",
) -> Booking:
    """Ask for hours of a space: within opening hours, by a structure its rule admits, never overlapping.

    The overlap itself, the space's buffer included, is the booking engine's decision (ADR 10), with its
    French message naming the booking in the way.
    """
    place = space.place
    if place.withdrawn_at is not None:
        raise ValidationError("Ce lieu n'accueille plus de réservations.", code="withdrawn")
    _check_opening(place, day, start, end)
    if not may_book(space, requester):
        raise ValidationError(refusal(space), code="audience")
    return booking_request(
        resource=space.resource,
        requester=requester,
        actor=actor,
        start=timezone.make_aware(datetime.datetime.combine(day, start)),
        end=timezone.make_aware(datetime.datetime.combine(day, end)),
        note=note,
    )
