"""Writes of the booking engine: each step in one transaction, the overlap decided by the database.

On PostgreSQL an exclusion constraint (migration 0002) refuses two holding bookings of one resource whose
periods, buffer included, overlap. On SQLite every transaction begins IMMEDIATE (settings): it takes the
database's write lock before the first read, so the check below and the write that follows are one step
that no other writer can come between. The check also runs on PostgreSQL, to name the conflicting dates;
the constraint is what decides when two requests race. A write that would hold the resource first locks the
resource's row, so racing requests queue there and each check reads the committed winner: without that queue
a deadlock victim could be refused before the winner committed, without its dates (ADR 10).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction

from maillage.bookings import notifications
from maillage.bookings.enums import BLOCKING_STATES, TRANSITIONS, BookingState
from maillage.bookings.errors import BookingConflictError, BookingStateError
from maillage.bookings.models import Booking, BookingEvent, Resource
from maillage.concurrency.versions import check_version, versioned_update
from maillage.structures.models import Structure

# The name of the PostgreSQL exclusion constraint, to tell its refusals from other integrity errors.
NO_OVERLAP = "booking_no_overlap"


def conflicting_booking(
    *,
    resource_id: int,
    start: datetime.datetime,
    blocked_until: datetime.datetime,
    exclude: int | None = None,
) -> Booking | None:
    """Return a booking holding the resource over part of the period (buffers included), or None."""
    found = Booking.objects.filter(
        resource_id=resource_id, state__in=BLOCKING_STATES, start__lt=blocked_until, blocked_until__gt=start
    ).select_related("resource")
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.order_by("start").first()


def _queue_on(resource_id: int) -> None:
    """Lock the resource's row until commit, so writes that would hold it check one after the other."""
    list(Resource.objects.select_for_update().filter(pk=resource_id).values_list("pk", flat=True))


def _is_overlap(error: IntegrityError | OperationalError) -> bool:
    """Say whether the database refused the write for an overlap.

    Two transactions inserting overlapping periods at once each wait for the other's row at the exclusion
    constraint's check: PostgreSQL aborts one as a deadlock (40P01) and the other goes on to hold the period,
    so that deadlock is a lost race like the constraint's own refusal.
    """
    if isinstance(error, IntegrityError):
        return NO_OVERLAP in str(error)
    deadlock = getattr(error.__cause__, "sqlstate", None) == "40P01"
    return deadlock and "exclusion constraint" in str(error)


def _after_race(resource: Resource, booking: Booking) -> BookingConflictError:
    """Build the refusal once the database refused: the winner is committed and can be named."""
    winner = conflicting_booking(
        resource_id=resource.pk, start=booking.start, blocked_until=booking.blocked_until, exclude=booking.pk
    )
    return BookingConflictError(conflicting=winner, resource_name=resource.name)


def booking_request(
    *,
    resource: Resource,
    requester: Structure,
    actor: Any,
    start: datetime.datetime,
    end: datetime.datetime,
    note: str = "",
) -> Booking:
    """Ask for a period of a resource; without approval required, accept it at once if it is free."""
    if resource.withdrawn_at is not None:
        raise ValidationError("Cette ressource n'est plus proposée.", code="withdrawn")
    if end <= start:
        raise ValidationError("La fin doit venir après le début.", code="period")
    if requester.pk == resource.owner_id:
        raise ValidationError("Une structure ne se réserve pas sa propre ressource ici.", code="own")
    booking = Booking(
        resource=resource,
        requester=requester,
        requested_by=actor,
        start=start,
        end=end,
        blocked_until=end + resource.buffer,
        note=note.strip(),
    )
    immediate = not resource.approval_required
    try:
        with transaction.atomic():
            if immediate:
                _queue_on(resource.pk)
                conflict = conflicting_booking(
                    resource_id=resource.pk, start=booking.start, blocked_until=booking.blocked_until
                )
                if conflict is not None:
                    raise BookingConflictError(conflicting=conflict, resource_name=resource.name)
                booking.state = BookingState.ACCEPTED
            booking.full_clean(exclude=["blocked_until"])
            booking.save()
            BookingEvent.objects.create(booking=booking, state=BookingState.REQUESTED, actor=actor, note=note)
            if immediate:
                BookingEvent.objects.create(booking=booking, state=BookingState.ACCEPTED, actor=actor)
            notifications.booking_requested(booking)
    except (IntegrityError, OperationalError) as error:
        if not _is_overlap(error):
            raise
        booking.pk = None
        raise _after_race(resource, booking) from error
    return booking


def _move(
    *,
    booking: Booking,
    to: str,
    actor: Any,
    note: str = "",
    expected_version: int | None = None,
    fields: dict[str, Any] | None = None,
) -> Booking:
    """Move a booking to another state, checking the version and, when it comes to hold, the period."""
    try:
        with transaction.atomic():
            current = Booking.objects.select_for_update().select_related("resource").get(pk=booking.pk)
            check_version(current, expected_version)
            if to not in TRANSITIONS[current.state]:
                raise BookingStateError(current=current.get_state_display(), wanted=BookingState(to).label)
            if to in BLOCKING_STATES and current.state not in BLOCKING_STATES:
                _queue_on(current.resource_id)
                conflict = conflicting_booking(
                    resource_id=current.resource_id,
                    start=current.start,
                    blocked_until=current.blocked_until,
                    exclude=current.pk,
                )
                if conflict is not None:
                    raise BookingConflictError(conflicting=conflict, resource_name=current.resource.name)
            current.state = to
            for name, value in (fields or {}).items():
                setattr(current, name, value)
            versioned_update(current, expected_version=current.version, fields=["state", *(fields or {})])
            BookingEvent.objects.create(booking=current, state=to, actor=actor, note=note.strip())
            notifications.booking_moved(current)
    except (IntegrityError, OperationalError) as error:
        if not _is_overlap(error):
            raise
        raise _after_race(booking.resource, booking) from error
    booking.state, booking.version = current.state, current.version
    for name, value in (fields or {}).items():
        setattr(booking, name, value)
    return booking


def booking_accept(*, booking: Booking, actor: Any, expected_version: int | None = None) -> Booking:
    """Accept a request: the resource is held for its period, unless another booking holds it."""
    return _move(booking=booking, to=BookingState.ACCEPTED, actor=actor, expected_version=expected_version)


def booking_refuse(
    *, booking: Booking, actor: Any, note: str = "", expected_version: int | None = None
) -> Booking:
    """Refuse a request, saying why if the owner wishes."""
    return _move(
        booking=booking, to=BookingState.REFUSED, actor=actor, note=note, expected_version=expected_version
    )


def booking_hand_over(*, booking: Booking, actor: Any, expected_version: int | None = None) -> Booking:
    """Record that the resource was handed to the requester."""
    return _move(booking=booking, to=BookingState.HANDED_OVER, actor=actor, expected_version=expected_version)


def booking_return(
    *, booking: Booking, actor: Any, note: str = "", expected_version: int | None = None
) -> Booking:
    """Record that the resource came back: it is free again for the rest of the period."""
    return _move(
        booking=booking, to=BookingState.RETURNED, actor=actor, note=note, expected_version=expected_version
    )


def booking_close(*, booking: Booking, actor: Any, expected_version: int | None = None) -> Booking:
    """Close a returned booking (deposit given back, nothing left to settle)."""
    return _move(booking=booking, to=BookingState.CLOSED, actor=actor, expected_version=expected_version)


def booking_cancel(
    *, booking: Booking, actor: Any, reason: str, expected_version: int | None = None
) -> Booking:
    """Cancel a request or an accepted booking, recording who and why."""
    if not reason.strip():
        raise ValidationError("Dites pourquoi la réservation est annulée.", code="reason")
    return _move(
        booking=booking,
        to=BookingState.CANCELLED,
        actor=actor,
        note=reason,
        expected_version=expected_version,
        fields={"cancelled_by": actor, "cancel_reason": reason.strip()},
    )
