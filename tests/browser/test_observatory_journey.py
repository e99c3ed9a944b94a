"""An officer goes from the observatory's home to France, a région, a département; drills down; downloads."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.structures.factories import StructureFactory
from tests.www.test_territory_dashboard import build_directory, compute

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")


# A point of the viewport where the path itself, not a neighbour, receives the click.
INSIDE_POINT = """selector => {
  const path = document.querySelector(selector);
  const box = path.getBoundingClientRect();
  for (let i = 1; i < 24; i++) {
    for (let j = 1; j < 24; j++) {
      const x = box.left + (box.width * i) / 24, y = box.top + (box.height * j) / 24;
      if (document.elementFromPoint(x, y) === path) { return [x, y]; }
    }
  }
  return null;
}"""


@pytest.fixture
def computed() -> None:
    build_directory()
    compute()


def click_child_on_map(page: Page, territory_id: str) -> None:
    """Click the map shape of a child territory where it is visible, as a mouse would."""
    expect(page.locator("#territory-map[data-ready='true']")).to_be_attached()
    selector = f"#territory-map path.enfant-{territory_id}"
    page.locator(selector).scroll_into_view_if_needed()
    point = page.evaluate(INSIDE_POINT, selector)
    assert point, f"no visible point of {territory_id} on the map"
    page.mouse.click(*point)


def test_drill_down_from_a_region_to_an_epci_and_download_its_diagnostic(
    live_server: LiveServer, page: Page, axe_check: AxeCheck, computed: None, tmp_path: Path
) -> None:
    page.goto(f"{live_server.url}/territoires/REG-84/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Auvergne-Rhône-Alpes")
    expect(page.get_by_role("table", name="Chiffres clés")).to_be_visible()
    axe_check()

    # The map: the Loire's polygon, then Saint-Étienne Métropole's.
    click_child_on_map(page, "DEP-42")
    expect(page).to_have_url(f"{live_server.url}/territoires/DEP-42/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Loire")
    axe_check()

    click_child_on_map(page, "EPCI-244200770")
    expect(page).to_have_url(f"{live_server.url}/territoires/EPCI-244200770/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Saint-Étienne Métropole")
    # Communes are circles sized by their structures.
    expect(page.locator("#territory-map path.enfant-COM-42218")).to_be_attached()
    axe_check()

    # The diagnostic, as a PDF file: printing it takes seconds on a loaded machine, the click waits.
    page.set_default_timeout(90_000)
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("link", name="Télécharger le diagnostic en PDF").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("diagnostic-EPCI-244200770")
    assert saved.read_bytes().startswith(b"%PDF-")

    page.get_by_role("link", name="Diagnostic du territoire (page imprimable)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Diagnostic territorial : Saint-Étienne Métropole"
    )
    expect(page.get_by_role("heading", name="Méthodologie des indicateurs")).to_be_visible()
    axe_check()


def test_drill_down_with_the_keyboard_through_the_list_of_children(
    live_server: LiveServer, page: Page, axe_check: AxeCheck, computed: None
) -> None:
    page.goto(f"{live_server.url}/territoires/REG-84/")
    children = page.get_by_role("table", name="Subdivisions d'Auvergne-Rhône-Alpes")
    # Keyboard only from the first link of the table: Tab walks the children, Enter opens one.
    children.get_by_role("link").first.focus()
    loire = children.get_by_role("link", name="Loire", exact=True)
    for _ in range(5):
        if loire.evaluate("link => link === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(loire).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/territoires/DEP-42/")

    epci = page.get_by_role("table", name="Subdivisions de la Loire").get_by_role("link")
    epci.first.focus()
    metropole = page.get_by_role("link", name="Saint-Étienne Métropole", exact=True)
    for _ in range(epci.count()):
        if metropole.evaluate("link => link === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(metropole).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Saint-Étienne Métropole")
    axe_check()


def test_dashboard_and_report_of_france_pass_axe(
    live_server: LiveServer, page: Page, axe_check: AxeCheck, computed: None
) -> None:
    page.goto(f"{live_server.url}/territoires/PAYS-99100/")
    expect(page.locator("#territory-map[data-ready='true']")).to_be_attached()
    axe_check()
    page.goto(f"{live_server.url}/territoires/DEP-42/diagnostic/")
    expect(page.get_by_role("heading", name="Méthodologie des indicateurs")).to_be_visible()
    axe_check()


PDFINFO = "/usr/bin/pdfinfo"  # Debian's poppler-utils, installed by the Makefile's PDF tools target
PHONE_PAGES = ("/territoires/", "/territoires/PAYS-99100/", "/territoires/REG-84/", "/territoires/DEP-42/")


def test_an_officer_goes_from_the_observatory_home_to_her_departement_and_downloads_a_tagged_pdf(
    live_server: LiveServer, page: Page, axe_check: AxeCheck, computed: None, tmp_path: Path
) -> None:
    """Persona (c): France, a région, a département; a record added minutes ago is announced, not hidden."""
    # A structure created after the snapshot: the pages say it is not counted yet.
    StructureFactory.create(commune_id="COM-42218", association=True, name="Compagnie créée à l'instant")

    page.goto(f"{live_server.url}/territoires/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Observatoire des territoires")
    expect(page.get_by_label("Rechercher un territoire")).to_be_visible()
    expect(page.get_by_text("1 fiche ajoutée ou modifiée depuis le")).to_be_visible()
    axe_check()

    page.get_by_role("link", name="Tableau de bord de la France").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("France")
    expect(page.get_by_role("table", name="Chiffres clés de la France")).to_be_visible()
    axe_check()

    page.get_by_role("table", name="Subdivisions de la France").get_by_role(
        "link", name="Auvergne-Rhône-Alpes", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Auvergne-Rhône-Alpes")
    expect(page.locator(".territory-lead")).to_contain_text("Population municipale")
    axe_check()

    page.get_by_role("table", name="Subdivisions d'Auvergne-Rhône-Alpes").get_by_role(
        "link", name="Loire", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Loire")
    lead = page.locator(".territory-lead")
    expect(lead).to_contain_text("Population municipale")
    expect(lead).to_contain_text("(INSEE, 2026)")
    figures = page.get_by_role(
        "table", name="Chiffres clés de la Loire, comparés aux territoires qui le contiennent"
    )
    expect(figures).to_contain_text("Réseaux présents")
    expect(page.get_by_text("1 fiche ajoutée ou modifiée depuis le")).to_be_visible()
    expect(page.get_by_text("n'est pas encore comptée")).to_be_visible()
    page.get_by_text("Ce qui n'est pas compté, et pourquoi").click()
    expect(page.get_by_text("Les fiches retirées de l'annuaire")).to_be_visible()
    axe_check()

    # Printing the PDF takes seconds on a loaded machine: the click waits for it.
    page.set_default_timeout(90_000)
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("link", name="Télécharger le diagnostic en PDF").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("diagnostic-DEP-42")
    info = subprocess.run(  # noqa: S603 (a fixed program on a file of our own)
        [PDFINFO, str(saved)], check=True, capture_output=True, text=True
    ).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info


def test_the_observatory_pages_fit_a_phone(
    live_server: LiveServer, browser: Browser, axe_check: AxeCheck, computed: None
) -> None:
    """At 390 px, no observatory page of the officer's journey scrolls sideways, and axe passes."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    try:
        for path in PHONE_PAGES:
            phone.goto(f"{live_server.url}{path}")
            expect(phone.get_by_role("heading", level=1)).to_be_visible()
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} is {width} px wide"
            axe_check(phone)
    finally:
        context.close()
