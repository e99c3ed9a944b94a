"""Someone opens the library, browses the seed page's collection, narrows by theme and opens a resource."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.test_event_journey import AxeCheck, fits_a_phone

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")


def test_browse_a_collection_then_filter_and_open_a_resource(
    live_server: LiveServer, page: Page, axe_check: AxeCheck, reference_data: None
) -> None:

    page.goto(f"{live_server.url}/ressources/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ressources")
    axe_check()
    fits_a_phone(page)
    page.get_by_role("link", name="La culture cherche sa voie dans l'ESS").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("La culture cherche sa voie dans l'ESS")
    expect(page.get_by_text("Repères sur différentes formes de mutualisation")).to_be_visible()
    axe_check()
    fits_a_phone(page)
    page.get_by_role("link", name="Pôles territoriaux de coopération économique (PTCE)").click()
    expect(page.get_by_role("heading", level=3)).to_have_count(5)
    axe_check()
    page.get_by_role("link", name="La culture cherche sa voie dans l'ESS").click()
    page.get_by_role("link", name="L'intégration des clauses sociales dans la commande publique").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "L'intégration des clauses sociales dans la commande publique"
    )
    expect(page.get_by_role("link", name="Avise", exact=True)).to_be_visible()
    axe_check()
    fits_a_phone(page)

    page.get_by_role("link", name="Ressources", exact=True).click()
    page.get_by_label("Thème").select_option(label="Emploi et fonction employeur")
    page.get_by_label("Territoire (identifiant").fill("DEP-42")
    page.get_by_role("button", name="Filtrer").click()
    # The page's own answer first: a count of zero also holds mid-navigation.
    expect(page.get_by_text("Aucune ressource ne correspond à ces critères.")).to_be_visible()
    expect(page.get_by_role("heading", level=3)).to_have_count(0)
    page.get_by_label("Territoire (identifiant").fill("")
    page.get_by_role("button", name="Filtrer").click()
    expect(
        page.get_by_role("link", name="Groupements d'employeurs et associations culturelles")
    ).to_be_visible()
    axe_check()
    page.get_by_role("link", name="Groupements d'employeurs et associations culturelles").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Groupements d'employeurs")
    expect(page.get_by_role("heading", name="Ressources proches")).to_be_visible()
    axe_check()
