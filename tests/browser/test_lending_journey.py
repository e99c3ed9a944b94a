"""A loan goes from request to return, passed from one borrower to the next, a report at each hand-over."""

import datetime
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import FilePayload, Page, expect
from pytest_django.live_server_helper import LiveServer

from maillage.bookings.enums import BookingState
from maillage.bookings.models import Booking
from maillage.bookings.services import booking_accept, booking_request
from maillage.lending.enums import ReportKind
from maillage.lending.models import ConditionReport
from tests.accounts.factories import PASSWORD, StructureMembershipFactory
from tests.lending.factories import ItemFactory

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db")


def log_in_at(page: Page, url: str, email: str) -> None:
    """Open a page as a new visitor, log in on the page the site redirects to, and come back."""
    page.context.clear_cookies()
    page.goto(url)
    if page.get_by_role("heading", level=1).inner_text() != "Se connecter":
        page.get_by_role("link", name="Se connecter").first.click()
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def png() -> FilePayload:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "steelblue").save(buffer, format="PNG")
    return FilePayload(name="projecteur.png", mimeType="image/png", buffer=buffer.getvalue())


def test_a_loan_is_handed_over_chained_and_returned_with_three_reports(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    item = ItemFactory.create(resource__name="Projecteur LED 200 W", resource__owner__name="Son et Lumière")
    owner = StructureMembershipFactory.create(structure=item.resource.owner, role="manager").user
    first = StructureMembershipFactory.create(structure__name="Compagnie Ouvrière", role="manager")
    second = StructureMembershipFactory.create(structure__name="Théâtre des Halles", role="manager")
    start = datetime.date.today() + datetime.timedelta(days=10)  # noqa: DTZ011 (a day in the server's zone)

    # The first borrower asks for four days.
    log_in_at(page, f"{live_server.url}/mutualisation/materiel/{item.pk}/", first.user.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Projecteur LED 200 W")
    axe_check()
    page.get_by_label("Premier jour").fill(start.isoformat())
    page.get_by_label("Dernier jour").fill((start + datetime.timedelta(days=3)).isoformat())
    page.get_by_label("Message au prêteur").fill("Pour notre création au printemps.")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Réservation de Projecteur LED 200 W")
    expect(page.locator(".booking-state")).to_have_text("Demandée")
    axe_check()
    loan = Booking.objects.get(requester=first.structure)

    # The second borrower's loan follows straight after, already accepted.
    following = booking_request(
        resource=item.resource,
        requester=second.structure,
        actor=second.user,
        start=loan.end,
        end=loan.end + datetime.timedelta(days=2),
    )
    booking_accept(booking=following, actor=owner)

    # The owner's manager accepts, then hands the projector over with a photo.
    log_in_at(page, f"{live_server.url}/mutualisation/reservations/{loan.pk}/", owner.email)
    page.get_by_role("button", name="Accepter").click()
    expect(page.locator(".booking-state")).to_have_text("Acceptée")
    axe_check()
    page.get_by_label("Constat").fill("Lampe neuve, pied et câble fournis.")
    page.get_by_label("Photo (PNG, JPEG ou WebP)").set_input_files(png())
    page.get_by_role("button", name="Enregistrer la remise").click()
    expect(page.locator(".booking-state")).to_have_text("Remise")
    expect(page.get_by_role("img", name=re.compile("Photo de l'état des lieux"))).to_be_visible()
    axe_check()

    # The first borrower passes it to the second one, with a report.
    log_in_at(page, f"{live_server.url}/mutualisation/reservations/{loan.pk}/", first.user.email)
    page.get_by_label("Emprunteur suivant", exact=True).select_option(value=str(following.pk))
    page.get_by_label("Constat").fill("Une rayure sur le capot.")
    page.get_by_role("button", name="Enregistrer le passage").click()
    expect(page.locator(".booking-state")).to_have_text("Rendue")
    axe_check()

    # The owner's manager records the return from the second borrower.
    log_in_at(page, f"{live_server.url}/mutualisation/reservations/{following.pk}/", owner.email)
    expect(page.locator(".booking-state")).to_have_text("Remise")
    page.get_by_label("Le matériel fonctionne").uncheck()
    page.get_by_label("Constat").fill("Ne s'allume plus.")
    page.get_by_role("button", name="Enregistrer le retour").click()
    expect(page.locator(".booking-state")).to_have_text("Rendue")

    # The item's history shows the three reports.
    page.get_by_role("link", name="Fiche du matériel").click()
    reports = page.locator(".condition-report")
    expect(reports).to_have_count(3)
    expect(reports.nth(0)).to_contain_text("Remise")
    expect(reports.nth(0)).to_contain_text("Lampe neuve")
    expect(reports.nth(1)).to_contain_text("Passage à l'emprunteur suivant")
    expect(reports.nth(1)).to_contain_text("Compagnie Ouvrière → Théâtre des Halles")
    expect(reports.nth(2)).to_contain_text("Hors d'état de marche")
    axe_check()
    kinds = list(ConditionReport.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [ReportKind.HAND_OVER, ReportKind.CHAIN, ReportKind.RETURN]
    assert Booking.objects.get(pk=following.pk).state == BookingState.RETURNED
