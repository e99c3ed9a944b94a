"""Someone searches the directory, opens a structure, filters by territory, opens the map; axe checks."""

import re
from collections.abc import Callable
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from maillage.structures.models import Discipline

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone", "reference")


@pytest.fixture
def reference(loire_rhone: None) -> None:
    """Load the reference structures, and first the disciplines a previous transactional test flushed."""
    # Flushing empties what data migrations loaded; serialized_rollback cannot restore it here, because
    # Playwright's event loop gives the test its own database connection object, without the saved copy.
    if not Discipline.objects.exists():
        import_module("maillage.structures.migrations.0002_disciplines").load(apps, None)
    call_command("load_reference_data", verbosity=0)


def test_search_then_open_culture_et_cooperation(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Annuaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annuaire des structures")
    axe_check()

    page.get_by_label("Rechercher une structure").fill("culture et cooperation")
    page.get_by_label("Rechercher une structure").press("Enter")

    first = page.locator("ol.structure-results > li h3 a").first
    expect(first).to_have_text("Culture et Coopération")
    assert "q=culture+et+cooperation" in page.url
    axe_check()

    # Keyboard only: focus the first result and follow it.
    first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/structures/culture-et-cooperation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Culture et Coopération")
    relations = page.locator("section[aria-labelledby=relations-title]")
    expect(relations.get_by_role("heading", name=re.compile("A pour membre"))).to_be_visible()
    expect(relations.get_by_role("link", name="Le Fil").first).to_be_visible()
    figures = page.locator("section[aria-labelledby=figures-title]")
    expect(figures.get_by_text(re.compile(r"plus de 3\s000\s000\s€"))).to_be_visible()
    expect(figures.get_by_role("table").first).to_contain_text("Salariés")
    expect(page.locator("#structure-map .leaflet-marker-icon")).to_have_count(1)
    axe_check()


def test_filter_by_territory_then_switch_to_the_map(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    page.goto(f"{live_server.url}/structures/")
    territory = page.get_by_label("Territoire", exact=True)

    # Typing a name fills the field's suggestions with territory ids (HTMX swaps the datalist's options).
    territory.press_sequentially("Loire", delay=30)
    expect(page.locator('#territory-options option[value="DEP-42"]')).to_be_attached()
    territory.fill("DEP-42")
    page.get_by_role("button", name="Rechercher").click()

    expect(page).to_have_url(re.compile(r"territoire=DEP-42"))
    results = page.locator("ol.structure-results > li")
    expect(results).to_have_count(1)
    for place in results.locator("p.meta").all_inner_texts():
        assert "Saint-Étienne" in place
    expect(page.get_by_text("Territoire : Loire (département, DEP-42)", exact=True)).to_be_visible()
    axe_check()

    page.get_by_role("link", name="Voir la carte").click()
    expect(page).to_have_url(re.compile(r"/structures/carte/\?territoire=DEP-42"))
    markers = page.locator("#structures-map .leaflet-marker-icon, #structures-map .marker-cluster")
    expect(markers.first).to_be_visible()
    expect(page.locator("#structures-map-status")).to_contain_text("1 structure dans la zone affichée")
    # The accessible list is still there under the map, with the same results.
    expect(page.locator("ol.structure-results > li h3 a")).to_have_text(["Culture et Coopération"])
    axe_check()

    page.get_by_role("link", name="Voir la liste").click()
    expect(page).to_have_url(f"{live_server.url}/structures/?territoire=DEP-42")


def test_map_of_all_structures_draws_clusters(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    page.goto(f"{live_server.url}/structures/carte/")

    expect(page.locator("#structures-map .marker-cluster").first).to_be_visible()
    expect(page.locator("#structures-map path").first).to_be_attached()  # région outlines for context
    # The map's buttons speak French, like the rest of the site.
    expect(page.get_by_role("button", name="Zoom avant")).to_be_visible()
    expect(page.get_by_role("button", name="Zoom arrière")).to_be_visible()
    axe_check()


def test_network_members_and_graph_pages(live_server: LiveServer, page: Page, axe_check: AxeCheck) -> None:
    page.goto(f"{live_server.url}/structures/culture-et-cooperation/")
    page.get_by_role("link", name="Voir les structures membres et les chiffres du réseau").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Structures membres de Culture et Coopération")
    expect(page.locator("ol.structure-results > li")).to_have_count(8)
    axe_check()

    page.get_by_role("link", name="Voir le graphe des coopérations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Graphe des coopérations")
    expect(page.locator("svg.graph-svg a.graph-node-matched")).to_have_count(8)
    expect(page.get_by_role("table")).to_contain_text("Membre de")
    axe_check()

    # Nodes are links reachable by keyboard.
    page.locator("svg.graph-svg a.graph-node").first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/structures/[a-z0-9-]+/$"))
    axe_check()


def test_the_directory_reads_without_javascript(
    live_server: LiveServer, browser: Browser, page: Page, axe_check: AxeCheck
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    no_js = context.new_page()
    try:
        no_js.goto(f"{live_server.url}/structures/")
        no_js.get_by_label("Territoire", exact=True).fill("loire")
        no_js.get_by_role("button", name="Rechercher").click()
        # A name instead of an id: the page says so and offers the matching territories.
        expect(no_js.get_by_role("alert")).to_contain_text("Territoire inconnu")
        no_js.get_by_role("alert").get_by_role("link", name="Loire", exact=True).click()
        expect(no_js.locator("ol.structure-results > li h3 a")).to_have_text(["Culture et Coopération"])
        no_js.get_by_role("link", name="Voir la carte").click()
        expect(no_js.locator("ol.structure-results > li h3 a")).to_have_text(["Culture et Coopération"])
        expect(no_js.get_by_text("La carte a besoin de JavaScript")).to_be_visible()
        error_url = f"{live_server.url}/structures/?territoire=loire"
    finally:
        context.close()
    page.goto(error_url)
    axe_check()
