"""A person looks for a territory, opens its page and its map, by keyboard, with axe checks on each page."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")


def test_search_a_territory_and_open_its_page(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    page.goto(f"{live_server.url}/")
    axe_check()

    page.get_by_label("Rechercher un territoire").fill("saint etienne")
    suggestion = page.locator("#territory-suggestions a").first
    expect(suggestion).to_have_text("Saint-Étienne")
    axe_check()

    # Keyboard only: from the field, past the button, to the first suggestion.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(suggestion).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/territoires/COM-42218/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Saint-Étienne")
    expect(page.get_by_role("link", name="Saint-Étienne Métropole").first).to_be_visible()
    expect(page.locator("#territory-map path.leaflet-interactive").first).to_be_attached()
    axe_check()

    page.get_by_role("link", name="Loire", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Loire")
    expect(page.locator("#territory-map path.leaflet-interactive")).not_to_have_count(0)
    expect(page.get_by_role("link", name="Saint-Étienne Métropole")).to_be_visible()
    axe_check()


def test_search_works_without_javascript(
    live_server: LiveServer, browser: Browser, page: Page, axe_check: AxeCheck
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    no_js = context.new_page()
    try:
        no_js.goto(f"{live_server.url}/territoires/")
        no_js.get_by_label("Rechercher un territoire").fill("42000")
        no_js.get_by_role("button", name="Rechercher").click()

        expect(no_js.locator("ol.results li a").first).to_have_text("Saint-Étienne")
        results_url = no_js.url
        no_js.locator("ol.results li a").first.click()
        expect(no_js.get_by_role("heading", level=1)).to_have_text("Saint-Étienne")
        expect(no_js.get_by_text("Population municipale")).to_be_visible()
        expect(no_js.get_by_role("link", name="Auvergne-Rhône-Alpes").first).to_be_visible()
    finally:
        context.close()
    # axe-core runs as a script: audit the same results page in a browser with JavaScript.
    page.goto(results_url)
    axe_check()
