"""Someone finds a meeting of the Loire in the agenda, registers, then cancels from the mailed link."""

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from maillage.events.models import Registration
from tests.events.factories import EventFactory, EventOrganiserFactory

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")


def fits_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert int(page.evaluate("document.documentElement.scrollWidth")) <= 390
    page.set_viewport_size({"width": 1280, "height": 800})


def test_find_an_event_by_territory_register_and_cancel(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    start = timezone.localdate() + datetime.timedelta(days=20)
    EventOrganiserFactory.create(
        event__title="Rencontre des lieux partagés",
        event__attendance_mode="offline",
        event__commune_id="COM-42218",
        event__venue="La Fabrique",
        event__start_date=start,
        event__end_date=start,
        event__registration_open=True,
        event__capacity=1,
        structure__name="Le Fil",
    )
    EventFactory.create(
        title="Atelier lyonnais",
        attendance_mode="offline",
        commune_id="COM-69123",
        start_date=start,
        end_date=start,
    )

    page.goto(f"{live_server.url}/evenements/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    axe_check()
    page.get_by_label(re.compile("^Territoire")).fill("DEP-42")
    page.get_by_role("button", name="Filtrer").click()
    # Wait for the filtered page itself: a count of zero also holds mid-navigation.
    expect(page).to_have_url(re.compile("DEP-42"))
    expect(page.get_by_role("link", name="Rencontre des lieux partagés")).to_be_visible()
    expect(page.get_by_role("link", name="Atelier lyonnais")).to_have_count(0)
    fits_a_phone(page)
    page.get_by_role("link", name="Rencontre des lieux partagés").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Rencontre des lieux partagés")
    expect(page.get_by_role("link", name="Ajouter à mon agenda (.ics)")).to_be_visible()
    axe_check()
    fits_a_phone(page)
    page.get_by_label("Nom").fill("Camille Martin")
    page.get_by_label("Courriel").fill("camille@example.org")
    page.get_by_label("Structure (facultatif)").fill("Le Remue-Méninges")
    page.get_by_label("Courriel").press("Enter")  # the keyboard sends the form

    expect(page.get_by_text("Votre inscription est confirmée")).to_be_visible()
    expect(page.get_by_text(re.compile("Complet"))).to_be_visible()
    axe_check()
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    (confirmation,) = mail.outbox
    cancel_path = re.search(r"(/evenements/inscriptions/[^/\s]+/annuler/)", str(confirmation.body))
    assert cancel_path is not None

    page.goto(live_server.url + cancel_path.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Annuler mon inscription")
    axe_check()
    page.get_by_role("button", name="Annuler mon inscription").click()
    expect(page.get_by_text("Votre inscription est annulée.")).to_be_visible()
    expect(page.get_by_text(re.compile("1 place restante sur 1"))).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == "cancelled"
