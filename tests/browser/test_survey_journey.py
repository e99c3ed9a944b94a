"""A coordinator creates a needs survey for the Loire, a member answers by keyboard, results are published."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from maillage.surveys.models import Campaign, Response
from maillage.territories.models import Territory
from tests.accounts.factories import PASSWORD, StructureMembershipFactory, TerritoryCoordinatorFactory
from tests.structures.factories import StructureFactory
from tests.surveys.factories import ResponseFactory, answers

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")


def log_in(page: Page, email: str) -> None:
    """Fill the login page the site redirected to, and come back to the page asked for."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def answer_by_keyboard(page: Page) -> None:
    """Tab through the questionnaire: Space picks the first option of each group and ticks each first box."""
    page.locator("input[name=emploi_niveau]").first.focus()
    answered: set[str] = set()
    for _ in range(200):
        kind, name = page.evaluate("() => [document.activeElement.type, document.activeElement.name]")
        if kind == "submit":
            page.keyboard.press("Enter")
            return
        if kind in ("radio", "checkbox") and name not in answered:
            page.keyboard.press("Space")
            answered.add(name)
        elif kind == "textarea":
            page.keyboard.type("Un local de stockage à partager.")
        page.keyboard.press("Tab")
    pytest.fail("the submit button was never reached with the Tab key")


def test_a_coordinator_creates_a_campaign_and_a_member_answers_it(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    loire = Territory.objects.get(pk="DEP-42")
    coordinator = TerritoryCoordinatorFactory.create(territory=loire).user
    theatre = StructureFactory.create(name="Théâtre du Parvis", commune_id="COM-42218", association=True)
    member = StructureMembershipFactory.create(structure=theatre).user

    page.goto(f"{live_server.url}/enquetes/nouvelle/")
    log_in(page, coordinator.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer une enquête de besoins")
    axe_check()
    page.get_by_label("Titre").fill("Besoins culturels de la Loire")
    page.get_by_role("combobox", name=re.compile("^Périmètre")).select_option(label="Loire (DEP-42)")
    page.get_by_label("Questions ouvertes (facultatives)").fill("Quel projet mèneriez-vous à plusieurs ?")
    page.get_by_role("button", name="Créer l'enquête").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Besoins culturels de la Loire")
    expect(page.get_by_text("L'enquête est créée.")).to_be_visible()
    axe_check()
    campaign = Campaign.objects.get()
    # Four structures answered already: with the fifth answer, the closing publishes the results.
    for level in ("fort", "fort", "fort", "aucun"):
        ResponseFactory.create(
            campaign=campaign,
            structure=StructureFactory.create(commune_id="COM-42218"),
            answers=answers(emploi_niveau=level),
        )
    page.context.clear_cookies()

    page.goto(f"{live_server.url}/enquetes/")
    axe_check()
    page.goto(f"{live_server.url}/enquetes/{campaign.pk}/repondre/{theatre.slug}/")
    log_in(page, member.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Répondre pour Théâtre du Parvis")
    axe_check()
    answer_by_keyboard(page)

    expect(page.get_by_text(re.compile("La réponse de Théâtre du Parvis est enregistrée"))).to_be_visible()
    response = Response.objects.get(structure=theatre)
    assert response.answers["emploi_niveau"] == "fort"
    assert response.answers["emploi_sujets"] == ["mutualiser"]
    assert response.free_text == {"libre-1": "Un local de stockage à partager."}
    expect(page.get_by_role("link", name="Modifier la réponse pour Théâtre du Parvis")).to_be_visible()

    page.get_by_role("link", name="Voir les résultats").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Résultats : Besoins culturels de la Loire")
    # Never live: the figures wait for the closing, when no answer can change them any more.
    expect(page.get_by_text(re.compile("Résultats publiés à la clôture de l'enquête"))).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)
    Campaign.objects.filter(pk=campaign.pk).update(closed_at=timezone.now())
    page.reload()
    summary = page.get_by_role("table", name=re.compile("par thème"))
    expect(summary).to_contain_text("5 réponses")
    expect(summary.get_by_role("row", name=re.compile("Emploi et fonction employeur"))).to_contain_text("80")
    expect(page.get_by_text("Un local de stockage à partager.")).to_have_count(0)
    axe_check()
