"""The pooling pages: lists with bounded queries, requests and steps with clear refusals, the API."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from maillage.bookings.periods import day_period
from maillage.bookings.services import booking_accept, booking_request
from tests.accounts.factories import StructureMembershipFactory
from tests.lending.factories import ItemFactory
from tests.structures.factories import StructureFactory

MONDAY, _ = day_period(datetime.date(2026, 3, 2), datetime.date(2026, 3, 2))
DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db


def test_the_catalogue_keeps_its_queries_bounded(client: Client, django_assert_max_num_queries) -> None:
    """Thirty items or three, the catalogue costs the same few queries."""
    ItemFactory.create_batch(30)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("pooling:items"), {"first_day": "2026-03-02", "last_day": "2026-03-04"})
    assert response.status_code == 200
    assert "Libre sur ces dates (30)" in response.content.decode()


def test_my_bookings_keep_their_queries_bounded(client: Client, django_assert_max_num_queries) -> None:
    member = StructureMembershipFactory.create()
    for _ in range(20):
        item = ItemFactory.create()
        booking_request(
            resource=item.resource,
            requester=member.structure,
            actor=member.user,
            start=MONDAY,
            end=MONDAY + DAY,
        )
    client.force_login(member.user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("pooling:bookings"))
    assert response.content.decode().count('<th scope="row">') == 20


def test_the_api_lists_items_with_bounded_queries(client: Client, django_assert_max_num_queries) -> None:
    ItemFactory.create_batch(25, category="light")
    ItemFactory.create(category="sound")
    with django_assert_max_num_queries(3):
        response = client.get(
            "/api/v1/materiel", {"categorie": "light", "du": "2026-03-02", "au": "2026-03-05"}
        )
    assert response.status_code == 200
    assert response.json()["total"] == 25
    item = response.json()["items"][0]
    assert client.get(f"/api/v1/materiel/{item['id']}").json()["nom"] == item["nom"]
    assert client.get("/api/v1/materiel", {"du": "2026-03-02"}).status_code == 400
    assert client.get("/api/v1/materiel/999999").status_code == 404


def test_an_overlapping_acceptance_on_the_page_says_which_dates_are_taken(client: Client) -> None:
    """Accepting a request that overlaps an accepted loan: a 400 naming the dates, never a 500."""
    item = ItemFactory.create(resource__name="Enceinte")
    manager = StructureMembershipFactory.create(structure=item.resource.owner, role="manager").user
    first = booking_request(
        resource=item.resource,
        requester=StructureFactory.create(),
        actor=None,
        start=MONDAY,
        end=MONDAY + 3 * DAY,
    )
    second = booking_request(
        resource=item.resource,
        requester=StructureFactory.create(),
        actor=None,
        start=MONDAY + DAY,
        end=MONDAY + 4 * DAY,
    )
    booking_accept(booking=first, actor=manager)
    client.force_login(manager)

    response = client.post(
        reverse("pooling:booking_step", args=[second.pk, "accepter"]), {"accept-version": second.version}
    )

    assert response.status_code == 400
    assert "« Enceinte » est déjà réservé du 2 mars 2026 au 4 mars 2026" in response.content.decode()


def test_a_stale_step_answers_409(client: Client) -> None:
    item = ItemFactory.create()
    manager = StructureMembershipFactory.create(structure=item.resource.owner, role="manager").user
    booking = booking_request(
        resource=item.resource,
        requester=StructureFactory.create(),
        actor=None,
        start=MONDAY,
        end=MONDAY + DAY,
    )
    booking_accept(booking=booking, actor=manager)
    client.force_login(manager)
    response = client.post(
        reverse("pooling:booking_step", args=[booking.pk, "annuler"]),
        {"cancel-version": 1, "cancel-note": "Oups"},
    )
    assert response.status_code == 409


def test_requesters_see_their_own_bookings_only(client: Client) -> None:
    """Another structure's member finds no such booking; the requester's member cannot accept it."""
    item = ItemFactory.create()
    requester = StructureMembershipFactory.create()
    booking = booking_request(
        resource=item.resource,
        requester=requester.structure,
        actor=requester.user,
        start=MONDAY,
        end=MONDAY + DAY,
    )
    client.force_login(StructureMembershipFactory.create().user)
    assert client.get(reverse("pooling:booking", args=[booking.pk])).status_code == 404
    client.force_login(requester.user)
    assert client.get(reverse("pooling:booking", args=[booking.pk])).status_code == 200
    response = client.post(
        reverse("pooling:booking_step", args=[booking.pk, "accepter"]), {"accept-version": 1}
    )
    assert response.status_code == 403


def test_a_request_for_a_backwards_period_is_refused_in_french(client: Client) -> None:
    item = ItemFactory.create()
    member = StructureMembershipFactory.create()
    client.force_login(member.user)
    response = client.post(
        reverse("pooling:item_request", args=[item.pk]),
        {"requester": member.structure.pk, "first_day": "2026-03-05", "last_day": "2026-03-02"},
    )
    assert response.status_code == 400
    assert "Le dernier jour doit suivre le premier." in response.content.decode()


def test_the_pooling_home_lists_the_requests_waiting(client: Client) -> None:
    item = ItemFactory.create(resource__name="Table de mixage")
    manager = StructureMembershipFactory.create(structure=item.resource.owner, role="manager").user
    booking_request(
        resource=item.resource,
        requester=StructureFactory.create(),
        actor=None,
        start=MONDAY,
        end=MONDAY + DAY,
    )
    assert client.get(reverse("pooling:home")).status_code == 200
    client.force_login(manager)
    assert "Table de mixage" in client.get(reverse("pooling:home")).content.decode()
