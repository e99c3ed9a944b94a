"""Ten structures ask at once for overlapping hours of one studio: the database lets one have them."""

import datetime

import pytest

from maillage.bookings.enums import BookingState
from maillage.bookings.errors import BookingConflictError
from maillage.bookings.models import Booking
from maillage.places.services import space_book
from tests.concurrency.conftest import THREADS, race
from tests.places.factories import SpaceFactory
from tests.structures.factories import StructureFactory

DAY = datetime.date(2031, 3, 5)


@pytest.mark.django_db(transaction=True)
def test_ten_overlapping_hour_requests_give_one_booking_and_nine_clear_refusals() -> None:
    """Each asks five minutes later than the last: every two of the ten one-hour slots overlap."""
    space = SpaceFactory.create(
        resource__name="Studio B",
        resource__approval_required=False,
        resource__buffer=datetime.timedelta(minutes=30),
    )
    requesters = StructureFactory.create_batch(THREADS)

    def ask(index: int) -> Booking:
        minutes = 10 * 60 + 5 * index
        start = datetime.time(minutes // 60, minutes % 60)
        return space_book(
            space=space,
            requester=requesters[index],
            actor=None,
            day=DAY,
            start=start,
            end=datetime.time(minutes // 60 + 1, minutes % 60),
        )

    results = race(ask)

    booked = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if isinstance(r, BookingConflictError)]
    assert len(booked) == 1, results
    assert len(refused) == THREADS - 1, results
    assert all(r.messages[0].startswith("« Studio B » ") for r in refused)
    assert Booking.objects.filter(resource=space.resource, state=BookingState.ACCEPTED).count() == 1
