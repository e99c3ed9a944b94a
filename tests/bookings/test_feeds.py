"""Private calendar feeds: the .ics of a resource and of a structure re-read to the same bookings."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from maillage.bookings.calendar_feed import booking_uid
from maillage.bookings.selectors import structure_feed
from maillage.bookings.services import booking_accept, booking_cancel, booking_request
from tests.bookings.factories import ResourceFactory
from tests.structures.factories import StructureFactory

MONDAY = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)

pytestmark = pytest.mark.django_db


def _events(body: bytes) -> dict[str, tuple[datetime.datetime, datetime.datetime, str, str]]:
    calendar = Calendar.from_ical(body)
    return {
        str(event["uid"]): (
            event.decoded("dtstart"),
            event.decoded("dtend"),
            str(event["summary"]),
            str(event["status"]),
        )
        for event in calendar.walk("VEVENT")
    }


def test_a_resource_feed_reparses_to_its_bookings(client: Client) -> None:
    """Each booking comes back with its instants; a cancelled one is left out."""
    resource = ResourceFactory.create(name="Salle de répétition")
    requester = StructureFactory.create(name="Compagnie du Fil")
    held = booking_request(
        resource=resource, requester=requester, actor=None, start=MONDAY, end=MONDAY + 3 * HOUR
    )
    booking_accept(booking=held, actor=None)
    asked = booking_request(
        resource=resource, requester=requester, actor=None, start=MONDAY + 5 * HOUR, end=MONDAY + 6 * HOUR
    )
    gone = booking_request(
        resource=resource, requester=requester, actor=None, start=MONDAY + 8 * HOUR, end=MONDAY + 9 * HOUR
    )
    booking_cancel(booking=gone, actor=None, reason="Date déplacée")

    url = reverse("pooling:resource_feed", args=[resource.pk])
    response = client.get(url, {"jeton": resource.feed_token})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert _events(response.content) == {
        booking_uid(held): (MONDAY, MONDAY + 3 * HOUR, "Salle de répétition — Compagnie du Fil", "CONFIRMED"),
        booking_uid(asked): (
            MONDAY + 5 * HOUR,
            MONDAY + 6 * HOUR,
            "Salle de répétition — Compagnie du Fil",
            "TENTATIVE",
        ),
    }


def test_a_structure_feed_holds_its_resources_and_its_requests(client: Client) -> None:
    owner = StructureFactory.create()
    lent = booking_request(
        resource=ResourceFactory.create(owner=owner),
        requester=StructureFactory.create(),
        actor=None,
        start=MONDAY,
        end=MONDAY + HOUR,
    )
    borrowed = booking_request(
        resource=ResourceFactory.create(), requester=owner, actor=None, start=MONDAY, end=MONDAY + HOUR
    )
    booking_request(
        resource=ResourceFactory.create(),
        requester=StructureFactory.create(),
        actor=None,
        start=MONDAY,
        end=MONDAY + HOUR,
    )
    token = structure_feed(owner).token

    response = client.get(reverse("pooling:structure_feed", args=[owner.slug]), {"jeton": token})

    assert set(_events(response.content)) == {booking_uid(lent), booking_uid(borrowed)}


def test_a_feed_without_its_token_does_not_exist(client: Client) -> None:
    resource = ResourceFactory.create()
    owner = StructureFactory.create()
    structure_feed(owner)
    url = reverse("pooling:resource_feed", args=[resource.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, {"jeton": "devine"}).status_code == 404
    assert client.get(url, {"jeton": ResourceFactory.create().feed_token}).status_code == 404
    assert client.get(reverse("pooling:structure_feed", args=[owner.slug])).status_code == 404
