"""The booking engine's states, buffers and refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from maillage.bookings.enums import BookingState
from maillage.bookings.errors import BookingConflictError, BookingStateError
from maillage.bookings.models import Booking, BookingEvent
from maillage.bookings.services import (
    booking_accept,
    booking_cancel,
    booking_close,
    booking_hand_over,
    booking_refuse,
    booking_request,
    booking_return,
)
from maillage.concurrency.versions import StaleWriteError
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.bookings.factories import BookingFactory, ResourceFactory
from tests.structures.factories import StructureFactory

MONDAY = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)

pytestmark = pytest.mark.django_db


def test_a_booking_goes_through_its_states_and_keeps_its_history() -> None:
    """Requested, accepted, handed over, returned, closed: each step recorded with who took it."""
    resource = ResourceFactory.create()
    person = UserFactory.create()
    manager = StructureMembershipFactory.create(structure=resource.owner, role="manager").user
    booking = booking_request(
        resource=resource,
        requester=StructureFactory.create(),
        actor=person,
        start=MONDAY,
        end=MONDAY + 5 * HOUR,
    )
    assert booking.state == BookingState.REQUESTED
    booking_accept(booking=booking, actor=manager, expected_version=booking.version)
    booking_hand_over(booking=booking, actor=manager)
    booking_return(booking=booking, actor=manager)
    booking_close(booking=booking, actor=manager)
    steps = list(BookingEvent.objects.filter(booking=booking).values_list("state", "actor"))
    assert steps == [
        ("requested", person.pk),
        ("accepted", manager.pk),
        ("handed_over", manager.pk),
        ("returned", manager.pk),
        ("closed", manager.pk),
    ]
    assert Booking.objects.get(pk=booking.pk).version == 5


def test_the_buffer_keeps_the_next_booking_away() -> None:
    """With a two-hour buffer, a room cannot be taken again one hour after a booking ends."""
    resource = ResourceFactory.create(approval_required=False, buffer=2 * HOUR, unit="hour", name="Studio")
    booking_request(
        resource=resource, requester=StructureFactory.create(), actor=None, start=MONDAY, end=MONDAY + HOUR
    )
    with pytest.raises(BookingConflictError) as refusal:
        booking_request(
            resource=resource,
            requester=StructureFactory.create(),
            actor=None,
            start=MONDAY + 2 * HOUR,
            end=MONDAY + 3 * HOUR,
        )
    assert "« Studio » est déjà réservé le 2 mars 2026 de 10:00 à 11:00 (battement compris)" in str(
        refusal.value
    )
    later = booking_request(
        resource=resource,
        requester=StructureFactory.create(),
        actor=None,
        start=MONDAY + 3 * HOUR,
        end=MONDAY + 4 * HOUR,
    )
    assert later.state == BookingState.ACCEPTED


def test_a_refused_or_cancelled_booking_frees_the_period() -> None:
    """Only accepted and handed-over bookings hold the resource."""
    resource = ResourceFactory.create()
    manager = StructureMembershipFactory.create(structure=resource.owner, role="manager").user
    first = BookingFactory.create(resource=resource, start=MONDAY, end=MONDAY + 5 * HOUR)
    second = BookingFactory.create(resource=resource, start=MONDAY, end=MONDAY + 5 * HOUR)
    booking_accept(booking=first, actor=manager)
    booking_cancel(booking=first, actor=manager, reason="Camion en panne")
    booking_accept(booking=second, actor=manager)
    first.refresh_from_db()
    assert (first.state, first.cancelled_by, first.cancel_reason) == ("cancelled", manager, "Camion en panne")


def test_a_step_out_of_order_is_refused_in_french() -> None:
    """A refused request cannot be handed over."""
    booking = BookingFactory.create()
    booking_refuse(booking=booking, actor=None, note="Déjà prêtée ailleurs")
    with pytest.raises(BookingStateError, match="est « Refusée » : elle ne peut pas passer à « Remise »"):
        booking_hand_over(booking=booking, actor=None)


def test_a_stale_version_is_refused() -> None:
    """A decision taken on a page read before another one is refused, nothing written."""
    booking = BookingFactory.create()
    booking_accept(booking=booking, actor=None)
    with pytest.raises(StaleWriteError):
        booking_cancel(booking=booking, actor=None, reason="Erreur", expected_version=1)


def test_a_cancellation_needs_a_reason_and_a_period_an_end() -> None:
    booking = BookingFactory.create()
    with pytest.raises(ValidationError, match="Dites pourquoi"):
        booking_cancel(booking=booking, actor=None, reason=" ")
    with pytest.raises(ValidationError, match="La fin doit venir après le début"):
        booking_request(
            resource=booking.resource,
            requester=StructureFactory.create(),
            actor=None,
            start=MONDAY,
            end=MONDAY,
        )
