"""Hour bookings of a shared place's spaces: through the booking engine, within the place's rules."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from maillage.bookings.enums import BookingState
from maillage.bookings.errors import BookingConflictError
from maillage.bookings.services import booking_accept
from maillage.places.enums import SpaceAudience
from maillage.places.models import Space
from maillage.places.services import closing_day_add, space_book, space_create
from maillage.structures.enums import RelationKind
from tests.places.factories import PlaceFactory, SpaceFactory
from tests.structures.factories import RelationFactory, StructureFactory

pytestmark = pytest.mark.django_db

# A Wednesday far enough ahead never to be in the past.
DAY = datetime.date(2031, 3, 5)
H = datetime.time


def _space(**kwargs: Any) -> Space:
    defaults: dict[str, Any] = {
        "name": "Studio A",
        "audience": SpaceAudience.PUBLIC,
        "approval_required": False,
    }
    return space_create(place=PlaceFactory.create(), actor=None, **(defaults | kwargs))


def test_a_slot_overlapping_the_buffer_of_another_is_refused_with_its_hours() -> None:
    """A 30-minute buffer holds the studio booked 10:00 to 12:00 till 12:30: 12:15 is refused, 12:30 not."""
    space = _space(buffer=datetime.timedelta(minutes=30))
    first = space_book(
        space=space, requester=StructureFactory.create(), actor=None, day=DAY, start=H(10), end=H(12)
    )
    assert first.state == BookingState.ACCEPTED
    assert first.resource.unit == "hour"

    with pytest.raises(BookingConflictError) as refused:
        space_book(
            space=space, requester=StructureFactory.create(), actor=None, day=DAY, start=H(12, 15), end=H(14)
        )
    assert refused.value.messages == [
        "« Studio A » est déjà réservé le 5 mars 2031 de 10:00 à 12:00 (battement compris) : "
        "choisissez d'autres dates ou une autre ressource."
    ]

    after = space_book(
        space=space, requester=StructureFactory.create(), actor=None, day=DAY, start=H(12, 30), end=H(14)
    )
    assert after.state == BookingState.ACCEPTED


def test_a_slot_whose_own_buffer_reaches_the_next_booking_is_refused() -> None:
    """The new booking's buffer must end before the next one starts too."""
    space = _space(buffer=datetime.timedelta(minutes=30))
    space_book(space=space, requester=StructureFactory.create(), actor=None, day=DAY, start=H(14), end=H(16))
    with pytest.raises(BookingConflictError):
        space_book(
            space=space, requester=StructureFactory.create(), actor=None, day=DAY, start=H(12), end=H(13, 45)
        )


def test_requests_may_overlap_until_one_is_accepted() -> None:
    """Two requests for the same hours wait side by side; accepting the second after the first is refused."""
    space = _space(approval_required=True)
    one = space_book(
        space=space, requester=StructureFactory.create(), actor=None, day=DAY, start=H(9), end=H(11)
    )
    two = space_book(
        space=space, requester=StructureFactory.create(), actor=None, day=DAY, start=H(10), end=H(12)
    )
    assert one.state == two.state == BookingState.REQUESTED
    booking_accept(booking=one, actor=None)
    with pytest.raises(BookingConflictError, match="déjà réservé le 5 mars 2031 de 09:00 à 11:00"):
        booking_accept(booking=two, actor=None)


def test_opening_hours_and_closing_days_are_kept() -> None:
    space = _space()
    place = space.place
    place.closed_weekdays = "7"
    place.save()
    closing_day_add(place=place, actor=None, day=DAY, reason="inventaire")
    requester = StructureFactory.create()

    with pytest.raises(ValidationError) as early:
        space_book(
            space=space,
            requester=requester,
            actor=None,
            day=DAY + datetime.timedelta(days=1),
            start=H(8),
            end=H(10),
        )
    assert early.value.messages == [
        f"« {place} » est ouvert de 09:00 à 22:00 : choisissez un créneau dans ces heures."
    ]
    with pytest.raises(ValidationError) as sunday:
        space_book(
            space=space,
            requester=requester,
            actor=None,
            day=DAY + datetime.timedelta(days=4),
            start=H(10),
            end=H(12),
        )
    assert sunday.value.messages == [f"« {place} » est fermé le dimanche."]
    with pytest.raises(ValidationError) as closed:
        space_book(space=space, requester=requester, actor=None, day=DAY, start=H(10), end=H(12))
    assert closed.value.messages == [f"« {place} » est fermé le 5 mars 2031 (inventaire)."]
    with pytest.raises(ValidationError, match="L'heure de fin doit suivre"):
        space_book(
            space=space,
            requester=requester,
            actor=None,
            day=DAY + datetime.timedelta(days=1),
            start=H(12),
            end=H(11),
        )


def test_a_space_for_residents_admits_only_the_place_s_residents() -> None:
    """Residents are the directory's « partage des locaux » relations with the managing structure."""
    space = _space(audience=SpaceAudience.RESIDENTS)
    resident = StructureFactory.create()
    RelationFactory.create(source=resident, kind=RelationKind.POOLING_PREMISES, target=space.place.owner)
    stranger = StructureFactory.create()

    with pytest.raises(ValidationError) as refused:
        space_book(space=space, requester=stranger, actor=None, day=DAY, start=H(10), end=H(12))
    assert refused.value.messages == [
        f"« Studio A » est réservé aux structures résidentes de « {space.place} »."
    ]
    booked = space_book(space=space, requester=resident, actor=None, day=DAY, start=H(10), end=H(12))
    assert booked.requester == resident


def test_a_space_for_networks_admits_the_residents_fellow_members() -> None:
    space = _space(audience=SpaceAudience.NETWORKS)
    resident, network, fellow = StructureFactory.create_batch(3)
    RelationFactory.create(source=space.place.owner, kind=RelationKind.POOLING_PREMISES, target=resident)
    RelationFactory.create(source=resident, kind=RelationKind.MEMBER_OF, target=network)
    RelationFactory.create(source=fellow, kind=RelationKind.MEMBER_OF, target=network)
    # An ended membership grants nothing.
    former = StructureFactory.create()
    RelationFactory.create(
        source=former, kind=RelationKind.MEMBER_OF, target=network, end_date=datetime.date(2020, 1, 1)
    )

    assert space_book(space=space, requester=fellow, actor=None, day=DAY, start=H(9), end=H(10)).pk
    assert space_book(space=space, requester=network, actor=None, day=DAY, start=H(10), end=H(11)).pk
    with pytest.raises(ValidationError, match="et aux membres de leurs réseaux"):
        space_book(space=space, requester=former, actor=None, day=DAY, start=H(11), end=H(12))


def test_a_withdrawn_place_takes_no_booking() -> None:
    space = SpaceFactory.create(place__withdrawn_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
    with pytest.raises(ValidationError, match="n'accueille plus de réservations"):
        space_book(
            space=space, requester=StructureFactory.create(), actor=None, day=DAY, start=H(10), end=H(12)
        )
