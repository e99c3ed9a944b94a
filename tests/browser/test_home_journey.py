"""A newcomer lands on the home page, sees what maillage holds, and follows an entry point."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")

PHONE = ViewportSize(width=390, height=844)
DESKTOP = ViewportSize(width=1366, height=900)
SCROLL_WIDTH = "() => document.documentElement.scrollWidth"


def test_the_home_page_says_what_maillage_holds_and_where_to_go(
    live_server: LiveServer, page: Page, axe_check: AxeCheck, reference_data: None
) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("maillage")
    expect(page.locator(".counts")).to_contain_text("structures")
    expect(page.get_by_role("heading", name="Aucun import SIRENE")).to_be_visible()
    expect(page.get_by_text("StockEtablissement_utf8.zip").first).to_be_visible()
    expect(page.get_by_role("table", name="Structures par région")).to_be_visible()
    expect(page.locator(".home-map svg.map-svg")).to_be_visible()
    axe_check()

    # On a phone the page fits the screen and passes the audit too.
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]
    axe_check()

    # From the régions' list to the observatory, which says what to import.
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Auvergne-Rhône-Alpes").first.click()
    expect(page).to_have_url(f"{live_server.url}/territoires/REG-84/")
    expect(page.get_by_role("heading", name="Aucun import SIRENE")).to_be_visible()
    axe_check()

    # Adding or claiming one's structure is one click from the home page.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Ajouter ou revendiquer ma structure").click()
    expect(page).to_have_url(f"{live_server.url}/contribuer/")


def test_an_empty_instance_home_page_is_accessible_on_a_phone(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("0 structure", exact=False).first).to_be_visible()
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]
    axe_check()
