"""Someone looks for the directory's open data, reads what each file holds and downloads the CSV."""

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from maillage.opendata.models import PublishedFile
from maillage.opendata.publication import publish_opendata
from tests.browser.test_event_journey import AxeCheck, fits_a_phone
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.usefixtures("transactional_db")


@pytest.fixture
def opendata_root(tmp_path: Path) -> Iterator[Path]:
    with override_settings(OPENDATA_ROOT=tmp_path / "opendata", SITE_URL="https://maillage.test"):
        yield tmp_path / "opendata"


@pytest.mark.usefixtures("opendata_root")
def test_read_the_open_data_page_and_download_the_directory(
    live_server: LiveServer, page: Page, axe_check: AxeCheck, tmp_path: Path
) -> None:
    StructureFactory.create_batch(3, with_siret=True)
    publish_opendata()
    structures = PublishedFile.objects.get(dataset="structures", is_current=True)

    page.goto(f"{live_server.url}/")
    page.get_by_role("contentinfo").get_by_role("link", name="Données ouvertes").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Données ouvertes")
    expect(page.get_by_role("heading", name="Structures de l'annuaire (CSV)")).to_be_visible()
    expect(page.get_by_text(structures.sha256)).to_be_visible()
    axe_check()
    fits_a_phone(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger structures de l'annuaire (csv)", exact=False).click()
    saved = tmp_path / "telecharge.csv"
    download.value.save_as(saved)
    assert download.value.suggested_filename == f"structures-{structures.day.isoformat()}.csv"
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == structures.sha256
