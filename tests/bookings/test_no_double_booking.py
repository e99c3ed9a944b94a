"""The database, not the application's reading, decides which of overlapping bookings holds a resource."""

import datetime

import pytest
from django.db import IntegrityError, connection

from maillage.bookings.enums import BookingState
from maillage.bookings.errors import BookingConflictError
from maillage.bookings.models import Booking
from maillage.bookings.services import booking_accept, booking_request
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.bookings.factories import BookingFactory, ResourceFactory
from tests.concurrency.conftest import THREADS, race
from tests.structures.factories import StructureFactory

MONDAY = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


@pytest.mark.django_db(transaction=True)
def test_ten_overlapping_requests_give_one_booking_and_nine_clear_refusals() -> None:
    """Ten structures ask for overlapping days at once: one gets them, nine are told which dates are taken."""
    resource = ResourceFactory.create(approval_required=False, name="Console Yamaha")
    requesters = StructureFactory.create_batch(THREADS)
    people = UserFactory.create_batch(THREADS)

    def ask(index: int) -> Booking:
        start = MONDAY + datetime.timedelta(hours=index)
        return booking_request(
            resource=resource,
            requester=requesters[index],
            actor=people[index],
            start=start,
            end=start + 2 * DAY,
        )

    results = race(ask)

    booked = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if isinstance(r, BookingConflictError)]
    assert len(booked) == 1, results
    assert len(refused) == THREADS - 1, results
    assert all("« Console Yamaha » est déjà réservé du 2 mars 2026 au" in r.messages[0] for r in refused)
    assert Booking.objects.filter(resource=resource, state=BookingState.ACCEPTED).count() == 1
    assert Booking.objects.filter(resource=resource).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_acceptances_racing_on_overlapping_requests_accept_one() -> None:
    """Two managers accept two overlapping requests at the same moment: one is accepted, one refused."""
    resource = ResourceFactory.create()
    first = BookingFactory.create(resource=resource, start=MONDAY, end=MONDAY + 3 * DAY)
    second = BookingFactory.create(resource=resource, start=MONDAY + DAY, end=MONDAY + 4 * DAY)
    manager = StructureMembershipFactory.create(structure=resource.owner, role="manager").user

    results = race(lambda i: booking_accept(booking=(first, second)[i], actor=manager), threads=2)

    assert sum(isinstance(r, Booking) for r in results) == 1, results
    [refusal] = [r for r in results if isinstance(r, BookingConflictError)]
    assert "est déjà réservé du" in refusal.messages[0]
    states = sorted(Booking.objects.filter(resource=resource).values_list("state", flat=True))
    assert states == [BookingState.ACCEPTED, BookingState.REQUESTED]


@pytest.mark.django_db(transaction=True)
def test_ten_acceptances_racing_on_ten_overlapping_requests_accept_one() -> None:
    """Ten pending overlapping requests accepted at once: exactly one holds the resource."""
    resource = ResourceFactory.create()
    bookings = [
        BookingFactory.create(
            resource=resource, start=MONDAY + i * datetime.timedelta(hours=2), end=MONDAY + 2 * DAY
        )
        for i in range(THREADS)
    ]
    manager = StructureMembershipFactory.create(structure=resource.owner, role="manager").user

    results = race(lambda i: booking_accept(booking=bookings[i], actor=manager))

    assert sum(isinstance(r, Booking) for r in results) == 1, results
    assert sum(isinstance(r, BookingConflictError) for r in results) == THREADS - 1, results
    assert Booking.objects.filter(resource=resource, state=BookingState.ACCEPTED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_table_itself_refuses_an_overlap() -> None:
    """A write that skips the services (admin, shell) is refused by the exclusion constraint on PostgreSQL.

    On SQLite there is no such constraint: the services' IMMEDIATE transaction is the guard (ADR 10), and a
    direct write goes through, which is why the booking admin is read-only.
    """
    held = BookingFactory.create(state=BookingState.ACCEPTED, start=MONDAY, end=MONDAY + DAY)
    overlapping = BookingFactory.build(
        resource=held.resource,
        requester=held.requester,
        state=BookingState.HANDED_OVER,
        start=MONDAY + DAY / 2,
        end=MONDAY + 2 * DAY,
    )
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError, match="booking_no_overlap"):
            overlapping.save()
    else:
        overlapping.save()
        assert Booking.objects.filter(resource=held.resource).count() == 2
