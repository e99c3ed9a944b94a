"""The booking engine and lending register what they hold about a person, for export and erasure."""

import datetime

import pytest

from maillage.accounts.personal_data import SECTIONS
from maillage.bookings.models import Booking, BookingEvent
from maillage.bookings.services import booking_request
from tests.accounts.factories import StructureMembershipFactory
from tests.bookings.factories import ResourceFactory

MONDAY = datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)

pytestmark = pytest.mark.django_db


def test_a_persons_bookings_are_exported_then_detached() -> None:
    member = StructureMembershipFactory.create()
    booking_request(
        resource=ResourceFactory.create(name="Camion"),
        requester=member.structure,
        actor=member.user,
        start=MONDAY,
        end=MONDAY + datetime.timedelta(days=1),
        note="Pour la tournée",
    )
    exported = SECTIONS["bookings"].export(member.user)
    assert exported["requested"][0]["resource"] == "Camion"
    assert exported["requested"][0]["note"] == "Pour la tournée"
    assert "lending" in SECTIONS

    SECTIONS["bookings"].erase(member.user)

    assert Booking.objects.get().requested_by is None
    assert not BookingEvent.objects.filter(actor=member.user).exists()
