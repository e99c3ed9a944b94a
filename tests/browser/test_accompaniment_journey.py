"""A collective accompaniment goes through every phase, its checkpoint due this month in the workspace."""

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import FilePayload, Page, expect
from pytest_django.live_server_helper import LiveServer

from maillage.accompaniment.enums import Phase
from maillage.accompaniment.models import Case
from tests.accompaniment.factories import BodyFactory, consented, managed_structure, staff
from tests.accounts.factories import PASSWORD

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db")


def fits_a_phone(page: Page) -> None:
    """Tell that the page needs no sideways scrolling on a 390 px phone (then back to the desktop)."""
    page.set_viewport_size({"width": 390, "height": 844})
    width = int(page.evaluate("document.documentElement.scrollWidth"))
    assert width <= 390, f"{page.url} is {width} px wide at 390 px"
    page.set_viewport_size({"width": 1280, "height": 800})


def log_in_at(page: Page, url: str, email: str) -> None:
    """Open a page as a new visitor, log in on the page the site redirects to, and come back."""
    page.context.clear_cookies()
    page.goto(url)
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_a_collective_case_from_welcome_to_closing(
    live_server: LiveServer, page: Page, axe_check: AxeCheck, settings: Any, tmp_path: Path
) -> None:
    settings.ACCOMPANIMENT_PRIVATE_ROOT = tmp_path
    body = BodyFactory.create(structure__name="DLA de la Loire")
    officer = staff(body)
    first, manager = managed_structure(name="Compagnie du Fil")
    others = [s for s, _ in consented(body, 2)]
    today = datetime.date.today()  # noqa: DTZ011 (a day in the server's zone)
    diagnosed = today.replace(year=today.year - 1, day=min(today.day, 28))

    # The first structure's manager agrees to be accompanied by the DLA.
    log_in_at(page, f"{live_server.url}/accompagnements/accord/{first.slug}/", manager.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accord à l'accompagnement")
    axe_check()
    page.get_by_label("Structure d'accompagnement").select_option(label=str(body))
    page.get_by_role("button", name="Donner mon accord").click()
    expect(page.get_by_text("DLA de la Loire, le")).to_be_visible()

    # The officer opens one case for the three structures.
    log_in_at(page, f"{live_server.url}/accompagnements/ouvrir/{body.pk}/", officer.email)
    page.get_by_label("Intitulé du dossier").fill("Mutualiser l'administration")
    for structure in [first, *others]:
        page.get_by_label(structure.name).check()
    page.get_by_role("button", name="Ouvrir le dossier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mutualiser l'administration")
    expect(page.locator(".case-phase")).to_have_text("Accueil")
    axe_check()

    page.get_by_role("button", name="Valider").click()
    expect(page.locator(".case-phase")).to_have_text("Diagnostic partagé")
    page.get_by_role("group", name="Besoins repérés").get_by_role("checkbox").first.check()
    page.get_by_label("Synthèse du diagnostic partagé").fill("Trois structures sans administrateur.")
    page.get_by_label("Date du diagnostic").fill(diagnosed.isoformat())
    page.get_by_role("button", name="Enregistrer le diagnostic").click()
    expect(page.get_by_text(re.compile(r"^Posé le "))).to_be_visible()  # the saved case, not the form
    axe_check()
    page.get_by_role("button", name="Valider").click()
    expect(page.locator(".case-phase")).to_have_text("Plan d'accompagnement")

    page.get_by_label("Objectifs du plan").fill("Un poste d'administration partagé.")
    page.get_by_label("Budget du plan (€)").fill("12000")
    page.get_by_role("button", name="Enregistrer le plan").click()
    page.get_by_label("Intitulé de l'action").fill("Atelier collectif d'administration")
    page.get_by_label("Cabinet ou prestataire").fill("Cabinet Conseil")
    page.get_by_label("Début", exact=True).fill(today.isoformat())
    page.get_by_label("Fin", exact=True).fill(today.isoformat())
    page.get_by_label("Jours").fill("3")
    page.get_by_label("Coût (€)").fill("2400")
    group = page.get_by_role("group", name="Structures concernées (plusieurs : action collective)")
    for checkbox in group.get_by_role("checkbox").all():
        checkbox.check()
    page.get_by_role("button", name="Ajouter l'action").click()
    expect(page.locator(".case-actions")).to_contain_text("collective (3 structures)")
    # The convention, attached to the case in private storage.
    convention: FilePayload = {
        "name": "convention.pdf",
        "mimeType": "application/pdf",
        "buffer": b"%PDF-1.4\n",
    }
    page.get_by_label("Fichier (PDF").set_input_files(files=[convention])
    page.get_by_label("Nature").select_option(label="Convention")
    page.get_by_role("button", name="Déposer la pièce").click()
    expect(page.locator(".case-attachments")).to_contain_text("convention.pdf")
    axe_check()
    fits_a_phone(page)
    page.get_by_role("button", name="Valider").click()
    expect(page.locator(".case-phase")).to_have_text("Actions")
    page.get_by_role("button", name="Valider").click()
    expect(page.locator(".case-phase")).to_have_text("Suivi")

    # The checkpoint at 12 months falls due this month: the workspace says so.
    page.goto(f"{live_server.url}/accompagnements/")
    expect(page.locator(".due-checkpoints")).to_contain_text("Mutualiser l'administration")
    axe_check()
    page.locator(".due-checkpoints").get_by_role("link", name="Mutualiser l'administration").click()
    page.get_by_label("Ce qui a changé").first.fill("Poste pourvu en commun.")
    page.get_by_role("button", name="Enregistrer le point de suivi").first.click()
    page.get_by_label("Clore le dossier (motif)").select_option("completed")
    page.get_by_role("button", name="Valider").click()
    expect(page.locator(".case-phase")).to_have_text("Clos")
    axe_check()
    fits_a_phone(page)
    case = Case.objects.get(title="Mutualiser l'administration")
    assert (case.phase, case.close_reason) == (Phase.CLOSED, "completed")
    assert case.checkpoints.filter(done_on__isnull=False).count() == 1
