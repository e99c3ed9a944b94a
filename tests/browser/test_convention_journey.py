"""Someone opens the convention of 2015 from the list, reads its axes and indicators, and finds its report."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.test_event_journey import AxeCheck, fits_a_phone

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")


def test_open_the_convention_and_its_yearly_report(
    live_server: LiveServer, page: Page, axe_check: AxeCheck, reference_data: None
) -> None:

    page.goto(f"{live_server.url}/conventions/")
    axe_check()
    page.get_by_role("link", name="Convention de coopération « Renforcer les acteurs").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Renforcer les acteurs artistiques")
    expect(page.get_by_role("heading", level=3)).to_have_count(3)
    expect(page.get_by_role("table", name="Valeurs lues le")).to_be_visible()
    axe_check()
    fits_a_phone(page)
    page.get_by_role("link", name="2015", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rapport d'avancement 2015 : Convention de coopération « Renforcer les acteurs artistiques et "
        "culturels de l'économie sociale et solidaire »"
    )
    axe_check()
