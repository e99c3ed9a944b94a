"""Search the schemes of a territory, open one, then read as a member the explanation for a structure."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from maillage.structures.enums import DatePrecision, HeadcountBand
from tests.accounts.factories import PASSWORD, StructureMembershipFactory
from tests.schemes.factories import make_scheme
from tests.structures.factories import StructureFactory

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")


def test_search_by_territory_open_a_scheme_and_read_the_explanation(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    make_scheme(title="Emploi culturel en Loire", geo_codes=["DEP-42"], headcount_min=1, needs=["emploi"])
    make_scheme(title="Fonds rhodanien", geo_codes=["DEP-69"])
    structure = StructureFactory.create(
        name="Compagnie du Fil",
        association=True,
        commune_id="COM-42218",
        founded_on=timezone.localdate() - datetime.timedelta(days=800),
        founded_on_precision=DatePrecision.DAY,
        headcount_band=HeadcountBand.UNKNOWN,
    )
    member = StructureMembershipFactory.create(structure=structure).user

    page.goto(f"{live_server.url}/dispositifs/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Dispositifs d'accompagnement et de financement")
    axe_check()
    page.get_by_label("Territoire").fill("COM-42218")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="1 dispositif")).to_be_visible()
    axe_check()
    page.get_by_role("link", name="Emploi culturel en Loire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emploi culturel en Loire")
    axe_check()

    page.goto(f"{live_server.url}/compte/connexion/?next=/structures/{structure.slug}/dispositifs/")
    page.get_by_label("Adresse électronique").fill(member.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dispositifs pour Compagnie du Fil")
    expect(page.get_by_text("Effectif salarié : non renseigné")).to_be_visible()
    axe_check()
    question = page.get_by_label("Combien de salariés la structure emploie-t-elle ?")
    question.select_option(label="3 à 5 salariés")
    page.get_by_role("button", name="Enregistrer sur la fiche").click()
    expect(page.get_by_role("heading", name="Tous les critères sont remplis (1)")).to_be_visible()
    axe_check()
