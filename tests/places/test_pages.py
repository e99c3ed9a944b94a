"""Pages of shared places: bounded lists, the day's availability, the request form and its refusals."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from maillage.bookings.enums import BookingState
from maillage.bookings.models import Booking
from maillage.memberships.enums import MemberRole
from maillage.places.enums import SpaceAudience
from maillage.places.services import space_book
from tests.accounts.factories import StructureMembershipFactory
from tests.places.factories import PlaceFactory, SpaceFactory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2031, 3, 5)
H = datetime.time


def test_the_places_list_keeps_its_queries_bounded(client: Client, django_assert_max_num_queries) -> None:
    """Ten places of three spaces, each with a booking that day, cost the same few queries as one."""
    for _ in range(10):
        place = PlaceFactory.create()
        for space in SpaceFactory.create_batch(3, place=place, resource__approval_required=False):
            space_book(
                space=space, requester=StructureFactory.create(), actor=None, day=DAY, start=H(10), end=H(12)
            )
    with django_assert_max_num_queries(6):
        response = client.get(reverse("pooling:places"), {"jour": "2031-03-05"})
    assert response.status_code == 200
    page = response.content.decode().replace("\xa0", " ").replace("\u202f", " ")
    assert "Disponibilités du mercredi 5 mars 2031 (10 lieux)" in page
    assert page.count("1 créneau pris") == 30


def test_the_place_page_keeps_its_queries_bounded(client: Client, django_assert_max_num_queries) -> None:
    place = PlaceFactory.create()
    manager = StructureMembershipFactory.create(structure=place.owner, role=MemberRole.MANAGER)
    for space in SpaceFactory.create_batch(8, place=place, resource__approval_required=False):
        space_book(
            space=space, requester=StructureFactory.create(), actor=None, day=DAY, start=H(10), end=H(12)
        )
    client.force_login(manager.user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("pooling:place", args=[place.slug]), {"jour": "2031-03-05"})
    assert response.status_code == 200
    assert "Occupation en mars 2031" in response.content.decode()


def test_a_manager_sees_each_space_s_occupancy_for_the_month(client: Client) -> None:
    """Two hours booked in March, 9:00 to 22:00 every day but Sundays: 2 of 338 opening hours."""
    place = PlaceFactory.create(closed_weekdays="7")
    space = SpaceFactory.create(place=place, resource__approval_required=False)
    space_book(space=space, requester=StructureFactory.create(), actor=None, day=DAY, start=H(10), end=H(12))
    manager = StructureMembershipFactory.create(structure=place.owner, role=MemberRole.MANAGER)
    outsider = StructureMembershipFactory.create()

    client.force_login(outsider.user)
    assert "Occupation en" not in client.get(reverse("pooling:place", args=[place.slug])).content.decode()
    client.force_login(manager.user)
    page = client.get(reverse("pooling:place", args=[place.slug]), {"mois": "2031-03"}).content.decode()
    # March 2031 has 31 days, 5 of them Sundays: 26 open days of 13 hours.
    assert '<td class="amount">2</td><td class="amount">338</td><td class="amount">1 %</td>' in page
    feed = reverse("pooling:resource_feed", args=[space.resource.pk])
    assert f"{feed}?jeton={space.resource.feed_token}" in page


def test_an_overlapping_hour_request_is_refused_on_the_page_with_the_engine_s_message(client: Client) -> None:
    space = SpaceFactory.create(
        resource__buffer=datetime.timedelta(minutes=30), resource__approval_required=False
    )
    space_book(space=space, requester=StructureFactory.create(), actor=None, day=DAY, start=H(10), end=H(12))
    member = StructureMembershipFactory.create()
    client.force_login(member.user)
    url = reverse("pooling:space", args=[space.place.slug, space.pk])

    form = {"requester": member.structure.pk, "day": "2031-03-05", "start": "12:15", "end": "13:00"}
    response = client.post(url, form)
    assert response.status_code == 400
    assert (
        f"« {space} » est déjà réservé le 5 mars 2031 de 10:00 à 12:00 (battement compris)"
        in response.content.decode()
    )

    response = client.post(url, form | {"start": "12:30"})
    booking = Booking.objects.get(requester=member.structure)
    assert response.status_code == 302
    assert response["Location"] == reverse("pooling:booking", args=[booking.pk])
    assert booking.state == BookingState.ACCEPTED


def test_the_space_page_shows_the_day_and_refuses_bad_input_in_french(client: Client) -> None:
    space = SpaceFactory.create(resource__approval_required=False, audience=SpaceAudience.RESIDENTS)
    member = StructureMembershipFactory.create()
    client.force_login(member.user)
    url = reverse("pooling:space", args=[space.place.slug, space.pk])

    page = client.get(url, {"jour": "2031-03-05"}).content.decode()
    assert "Le mercredi 5 mars 2031" in page
    assert "Libre toute la journée." in page

    response = client.post(
        url, {"requester": member.structure.pk, "day": "2031-03-05", "start": "10:00", "end": "11:00"}
    )
    assert response.status_code == 400
    assert "est réservé aux structures résidentes" in response.content.decode()
    response = client.post(
        url, {"requester": member.structure.pk, "day": "5 mars", "start": "dix", "end": "11:00"}
    )
    assert response.status_code == 400
    assert client.get(url, {"jour": "pas-une-date"}).status_code == 200


def test_an_anonymous_request_is_sent_to_log_in(client: Client) -> None:
    space = SpaceFactory.create()
    url = reverse("pooling:space", args=[space.place.slug, space.pk])
    response = client.post(url, {"day": "2031-03-05", "start": "10:00", "end": "11:00"})
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not Booking.objects.exists()


def test_a_withdrawn_place_and_an_unknown_space_are_404(client: Client) -> None:
    space = SpaceFactory.create(place__withdrawn_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
    assert client.get(reverse("pooling:place", args=[space.place.slug])).status_code == 404
    other = SpaceFactory.create()
    assert client.get(reverse("pooling:space", args=[other.place.slug, space.pk])).status_code == 404
