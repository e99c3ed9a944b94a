"""A territory's diagnostic: the printable page, its PDF printed offline, and the CSV of every table."""

from __future__ import annotations

import csv
import io
import re
import time

import pytest
from django.test import Client
from pypdf import PdfReader

from maillage.observatory.models import Snapshot
from maillage.www.territories.pdf import RefusedResourceError, StaticFilesFetcher
from tests.www.test_territory_dashboard import Directory, build_directory, compute, text_of


@pytest.fixture
def computed(loire_rhone: None) -> Directory:
    directory = build_directory()
    compute()
    return directory


def test_report_names_its_snapshot_in_its_permanent_link(client: Client, computed: Directory) -> None:
    """The diagnostic links to itself with the snapshot pinned, and so does its PDF link."""
    snapshot = Snapshot.objects.get()
    html = client.get("/territoires/DEP-42/diagnostic/").content.decode()
    assert f'href="/territoires/DEP-42/diagnostic/?instantane={snapshot.pk}"' in html
    assert f"http://testserver/territoires/DEP-42/diagnostic/?instantane={snapshot.pk}" in html
    assert f'href="/territoires/DEP-42/diagnostic.pdf?instantane={snapshot.pk}"' in html
    assert f"/territoires/DEP-42/tableaux/chiffres-cles.csv?instantane={snapshot.pk}" in html


def test_report_has_figures_map_and_methodology(client: Client, computed: Directory) -> None:
    """The printable diagnostic holds the key figures, an SVG map of the children and the methodology."""
    html = client.get("/territoires/REG-84/diagnostic/").content.decode()
    assert "Chiffres clés" in html
    assert '<svg class="map-svg"' in html
    assert html.count('<path d="M') >= 2  # the Loire and the Rhône, coloured by class
    assert 'id="methodologie-titre"' in html
    assert "Structures pour 10 000 habitants" in html
    # Charts' tables are open in a report: printed, they must show.
    assert '<details class="chart-data" open>' in html


def test_pinned_snapshot_shows_its_own_values(client: Client, computed: Directory) -> None:
    """An older snapshot's link keeps showing that snapshot's values after a new computation."""
    first = Snapshot.objects.get()
    build_directory()  # seven more structures, five of them in the Loire
    compute()
    pinned = text_of(client.get(f"/territoires/DEP-42/diagnostic/?instantane={first.pk}").content.decode())
    latest = text_of(client.get("/territoires/DEP-42/diagnostic/").content.decode())
    assert "en activité 5 7 7 " in pinned
    assert "en activité 10 14 14 " in latest


@pytest.mark.parametrize("query", ["?instantane=999999", "?instantane=abc"])
def test_unknown_snapshot_is_a_404(client: Client, computed: Directory, query: str) -> None:
    assert client.get(f"/territoires/DEP-42/diagnostic/{query}").status_code == 404


def test_unknown_territory_or_table_is_a_404(client: Client, computed: Directory) -> None:
    assert client.get("/territoires/COM-00000/diagnostic/").status_code == 404
    assert client.get("/territoires/COM-00000/diagnostic.pdf").status_code == 404
    assert client.get("/territoires/COM-00000/tableaux/chiffres-cles.csv").status_code == 404
    assert client.get("/territoires/DEP-42/tableaux/inconnu.csv").status_code == 404


def test_report_without_snapshot_is_not_an_error(client: Client, loire_rhone: None) -> None:
    """Before any computation the diagnostic says so, keeps the referential and the methodology."""
    response = client.get("/territoires/DEP-42/diagnostic/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ne sont pas encore calculés" in html
    assert 'id="methodologie-titre"' in html
    assert client.get("/territoires/DEP-42/tableaux/subdivisions.csv").status_code == 200
    assert client.get("/territoires/DEP-42/tableaux/chiffres-cles.csv").status_code == 404


def test_region_pdf_is_a_pdf_with_the_methodology(client: Client, computed: Directory) -> None:
    """The PDF of Auvergne-Rhône-Alpes opens and holds the methodology and an indicator's definition."""
    started = time.perf_counter()
    response = client.get("/territoires/REG-84/diagnostic.pdf")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="diagnostic-REG-84-' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Diagnostic territorial : Auvergne-Rhône-" in text  # the title may break after its hyphen
    assert "Méthodologie des indicateurs" in text
    assert "rapporté à la population municipale" in text  # the definition of structures per 10,000
    assert "Loire" in text
    assert "Rhône" in text
    # The charts' tables print open: four associations out of seven structures.
    assert "Association 4 57,1 %" in text
    # Informal timing, printed with -s: the goal is under 5 seconds.
    print(f"PDF REG-84: {elapsed:.2f} s, {len(reader.pages)} pages, {len(response.content)} bytes")


def test_pdf_fetcher_serves_static_files_and_refuses_the_rest() -> None:
    """WeasyPrint reads the site's stylesheets from disk and can fetch nothing else."""
    fetcher = StaticFilesFetcher("http://testserver/")
    stylesheet = fetcher.fetch("http://testserver/static/css/observatory.css")
    assert b"@page" in stylesheet.read()
    for url in (
        "https://example.org/static/css/observatory.css",
        "http://testserver/territoires/REG-84/",
        "http://testserver/static/../maillage/settings/base.py",
        "file:///etc/passwd",
        "http://testserver/static/css/absent.css",
    ):
        with pytest.raises(RefusedResourceError):
            fetcher.fetch(url)


def read_csv(client: Client, url: str) -> tuple[bytes, list[list[str]]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = response.content
    return content, list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_key_figures_csv_has_a_bom_and_the_page_columns(client: Client, computed: Directory) -> None:
    """The key figures download is UTF-8 with a BOM, with the territory, its région and France."""
    content, rows = read_csv(client, "/territoires/DEP-42/tableaux/chiffres-cles.csv")
    assert content.startswith(b"\xef\xbb\xbf")
    assert rows[0] == [
        "indicateur",
        "code",
        "unite",
        "Loire",
        "Auvergne-Rhône-Alpes",
        "France",
        "source",
        "millesime",
    ]
    structures = next(r for r in rows if r[1] == "structures_active")
    assert structures[3:6] == ["5", "7", "7"]


def test_every_table_of_the_dashboard_downloads(client: Client, computed: Directory) -> None:
    """Each CSV link of the dashboard answers a CSV; the families add up to the structures."""
    html = client.get("/territoires/DEP-42/").content.decode()
    links = set(re.findall(r'href="(/territoires/DEP-42/tableaux/[a-z-]+\.csv)"', html))
    slugs = {link.rsplit("/", 1)[1].removesuffix(".csv") for link in links}
    assert {"chiffres-cles", "familles", "disciplines", "types", "tranches-effectif", "subdivisions"} <= slugs
    assert {"creations", "fermetures", "reseaux", "evolution"} <= slugs
    for link in links:
        read_csv(client, link)
    _, families = read_csv(client, "/territoires/DEP-42/tableaux/familles.csv")
    assert families[0] == ["code", "famille de l'ESS", "structures", "part_pct"]
    assert sum(int(row[2]) for row in families[1:]) == 5


def test_csv_cells_cannot_become_formulas(client: Client, loire_rhone: None) -> None:
    """A network named like a formula is written with a leading apostrophe."""
    directory = build_directory()
    directory.network.name = '=HYPERLINK("http://x")'
    directory.network.save()
    compute()
    _, rows = read_csv(client, "/territoires/DEP-42/tableaux/reseaux.csv")
    assert rows[1][1].startswith("'=")


def test_report_and_csv_use_a_bounded_number_of_queries(
    client: Client, computed: Directory, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(22):  # type: ignore[operator]
        assert client.get("/territoires/REG-84/diagnostic/").status_code == 200
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        assert client.get("/territoires/REG-84/tableaux/subdivisions.csv").status_code == 200
