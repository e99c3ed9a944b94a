"""On a 390 px phone, every page of the journeys fits the screen and the header menu reaches every link;
axe passes at phone and desktop widths."""

import re
from collections.abc import Callable
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from maillage.structures.models import Discipline
from tests.accounts.factories import (
    PASSWORD,
    StructureMembershipFactory,
    TerritoryCoordinatorFactory,
    UserFactory,
)
from tests.structures.factories import StructureFactory

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1366, "height": 900}
PASSWORD_LABEL = re.compile(r"^Mot de passe\W*$")
# The pages a volunteer, a coordinator and an officer walk through (issue 12), anonymous first.
PUBLIC_PAGES = (
    "/",
    "/structures/",
    "/structures/?q=culture",
    "/structures/carte/",
    "/structures/culture-et-cooperation/",
    "/structures/culture-et-cooperation/membres/",
    "/structures/graphe/?q=culture",
    "/territoires/",
    "/territoires/DEP-42/",
    "/territoires/DEP-42/diagnostic/",
    "/observatoire/methodologie/",
    "/enquetes/",
    "/contribuer/",
    "/compte/connexion/",
    "/compte/inscription/",
)
SIGNED_IN_PAGES = (
    "/compte/",
    "/contribuer/moderation/",
    "/contribuer/structures/{slug}/modifier/",
    "/contribuer/structures/{slug}/membres/",
    "/structures/{slug}/historique/",
    "/entretien/a-confirmer/",
    "/entretien/doublons/",
)


@pytest.fixture
def reference(loire_rhone: None) -> None:
    """Load the reference structures, and first the disciplines a previous transactional test flushed."""
    if not Discipline.objects.exists():
        import_module("maillage.structures.migrations.0002_disciplines").load(apps, None)
    call_command("load_reference_data", verbosity=0)


def page_width(page: Page) -> int:
    """Return how wide the document is, scrolled content included."""
    return int(page.evaluate("document.documentElement.scrollWidth"))


# Elements whose right edge passes the screen's, to name the culprit when a page is too wide.
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5)
  .map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def assert_fits(page: Page, path: str, axe_check: AxeCheck) -> None:
    """Open `path` and check it neither scrolls sideways on the phone nor fails axe."""
    response = page.goto(path)
    assert response is not None
    assert response.ok, f"{path} answered {response.status}"
    width = page_width(page)
    assert width <= PHONE["width"], f"{path} is {width} px wide on a phone: {page.evaluate(OVERFLOWING)}"
    axe_check()


def test_every_page_fits_a_phone_and_the_menu_reaches_every_link(
    live_server: LiveServer, page: Page, axe_check: AxeCheck, reference: None
) -> None:
    structure = StructureFactory.create(name="Compagnie du Chaudron", commune_id="COM-42218")
    volunteer = UserFactory.create(email="sam@chaudron.example")
    StructureMembershipFactory.create(user=volunteer, structure=structure, role="manager")
    TerritoryCoordinatorFactory.create(user=volunteer, territory_id="DEP-42")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")

    # The links sit behind the menu button; opening it by keyboard shows them.
    login = page.get_by_role("link", name="Se connecter")
    expect(login).to_be_hidden()
    menu = page.locator("summary", has_text="Menu")
    menu.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Contribuer")).to_be_visible()
    expect(login).to_be_visible()
    axe_check()
    login.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")

    for path in PUBLIC_PAGES:
        assert_fits(page, f"{live_server.url}{path}", axe_check)

    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(volunteer.email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    for path in SIGNED_IN_PAGES:
        assert_fits(page, f"{live_server.url}{path.format(slug=structure.slug)}", axe_check)

    # On a phone the directory shows its results before the filters are unfolded, exports in a menu.
    page.goto(f"{live_server.url}/structures/")
    results = page.locator("ol.structure-results > li").first
    assert results.bounding_box()["y"] < PHONE["height"]  # type: ignore[index]
    expect(page.get_by_role("link", name="Exporter en CSV")).to_be_hidden()
    page.get_by_text("Télécharger ces résultats").click()
    expect(page.get_by_role("link", name="Exporter en CSV")).to_be_visible()
    page.get_by_text("Affiner les résultats").click()
    expect(page.get_by_role("heading", name="Affiner")).to_be_visible()


def test_wide_screens_show_the_menu_and_filters_without_a_button(
    live_server: LiveServer, page: Page, axe_check: AxeCheck, reference: None
) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/structures/")

    expect(page.locator("summary", has_text="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(page.get_by_label("Territoire")).to_be_visible()
    expect(page.get_by_role("heading", name="Affiner")).to_be_visible()
    axe_check()


def test_without_javascript_the_menu_opens_on_a_phone_and_shows_on_a_desktop(
    live_server: LiveServer, browser: Any, reference: None
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="fr-FR")
    try:
        phone = context.new_page()
        phone.goto(f"{live_server.url}/")
        expect(phone.get_by_role("link", name="Se connecter")).to_be_hidden()
        phone.locator("summary", has_text="Menu").click()
        expect(phone.get_by_role("link", name="Se connecter")).to_be_visible()
        phone.set_viewport_size(DESKTOP)
        phone.goto(f"{live_server.url}/")
        expect(phone.get_by_role("link", name="Se connecter")).to_be_visible()
    finally:
        context.close()
