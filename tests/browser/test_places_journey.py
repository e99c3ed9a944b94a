"""A resident books a studio by the hour; a second request over the studio's buffer is refused in French."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from maillage.bookings.enums import BookingState
from maillage.bookings.models import Booking
from tests.accounts.factories import StructureMembershipFactory
from tests.browser.test_lending_journey import log_in_at
from tests.places.factories import SpaceFactory

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db")


def test_a_studio_is_booked_by_the_hour_and_an_overlap_refused(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    space = SpaceFactory.create(
        place__name="La Fabrique",
        place__slug="la-fabrique",
        resource__name="Studio de danse",
        resource__buffer=datetime.timedelta(minutes=30),
        resource__approval_required=False,
    )
    member = StructureMembershipFactory.create(structure__name="Compagnie du Fil", role="manager")
    day = datetime.date.today() + datetime.timedelta(days=7)  # noqa: DTZ011 (a day in the server's zone)

    page.goto(f"{live_server.url}/mutualisation/lieux/?jour={day.isoformat()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lieux partagés")
    expect(page.get_by_role("link", name="Studio de danse")).to_be_visible()
    axe_check()

    log_in_at(
        page, f"{live_server.url}/mutualisation/lieux/la-fabrique/espaces/{space.pk}/", member.user.email
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Studio de danse")
    axe_check()
    page.get_by_label("Jour", exact=True).fill(day.isoformat())
    page.get_by_label("De", exact=True).fill("10:00")
    page.get_by_label("À", exact=True).fill("12:00")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Réservation de Studio de danse")
    assert Booking.objects.get().state == BookingState.ACCEPTED

    page.goto(f"{live_server.url}/mutualisation/lieux/la-fabrique/espaces/{space.pk}/?jour={day.isoformat()}")
    expect(page.get_by_text("de 10:00 à 12:00 (battement jusqu'à 12:30)")).to_be_visible()
    page.get_by_label("Jour", exact=True).fill(day.isoformat())
    page.get_by_label("De", exact=True).fill("12:15")
    page.get_by_label("À", exact=True).fill("13:00")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("alert")).to_contain_text("« Studio de danse » est déjà réservé")
    expect(page.get_by_role("alert")).to_contain_text("de 10:00 à 12:00 (battement compris)")
    axe_check()
    assert Booking.objects.count() == 1
