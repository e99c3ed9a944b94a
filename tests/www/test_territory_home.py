"""The observatory's front page goes from France to the régions; pages say what is not counted yet."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.test import Client

from maillage.observatory.models import Snapshot
from maillage.structures.models import Structure
from tests.structures.factories import StructureFactory
from tests.www.test_territory_dashboard import Directory, compute, section
from tests.www.test_territory_dashboard import text_of as raw_text


def text_of(html: str) -> str:
    return unescape(raw_text(html))


def test_front_page_goes_from_france_to_the_regions_with_their_diagnostics(
    client: Client, computed: Directory
) -> None:
    html = client.get("/territoires/").content.decode()
    assert "<h1>Observatoire des territoires</h1>" in html
    assert 'id="territory-q"' in html  # the search stays
    france = section(html, "france-title")
    assert 'href="/territoires/PAYS-99100/"' in france
    snapshot = Snapshot.objects.latest()
    assert f'href="/territoires/PAYS-99100/diagnostic.pdf?instantane={snapshot.pk}"' in france
    featured = text_of(france)
    assert "Structures culturelles de l'ESS en activité 7" in featured
    # 7 structures for France's population round to 0,0 per 10,000: printed per 100,000.
    assert "Structures pour 100 000 habitants" in featured
    assert "Réseaux présents 1" in featured
    regions = section(html, "regions-title")
    assert 'href="/territoires/REG-84/"' in regions
    assert f'href="/territoires/REG-84/diagnostic.pdf?instantane={snapshot.pk}"' in regions
    assert "diagnostic d'Auvergne-Rhône-Alpes" in unescape(regions)
    row = re.search(r'<tr>\s*<th scope="row"><a href="/territoires/REG-84/">.*?</tr>', regions, re.S)
    assert row is not None
    assert " 7 " in text_of(row.group(0))


def test_front_page_before_any_computation_says_so(client: Client, loire_rhone: None) -> None:
    html = client.get("/territoires/").content.decode()
    assert "ne sont pas encore calculés" in html
    assert 'href="/territoires/REG-84/"' in html


@pytest.fixture
def computed(loire_rhone: None) -> Directory:
    from tests.www.test_territory_dashboard import build_directory  # noqa: PLC0415

    directory = build_directory()
    compute()
    return directory


def test_a_structure_added_after_the_snapshot_is_announced_as_not_counted_yet(
    client: Client, computed: Directory
) -> None:
    snapshot = Snapshot.objects.latest()
    assert "pas encore compté" not in client.get("/territoires/DEP-42/").content.decode()
    StructureFactory.create(commune_id="COM-42218", association=True)
    taken = snapshot.taken_at.astimezone(datetime.UTC)
    for url in (
        "/territoires/DEP-42/",
        "/territoires/PAYS-99100/",
        "/territoires/",
        "/territoires/DEP-42/diagnostic/",
    ):
        text = text_of(client.get(url).content.decode())
        assert "1 fiche ajoutée ou modifiée depuis le " in text, url
        assert "n'est pas encore comptée" in text, url
    assert str(taken.year) in text
    # The Rhône has no new record: no note there.
    assert "pas encore compté" not in client.get("/territoires/DEP-69/").content.decode()
    Structure.objects.filter(commune_id="COM-69123").first().save()  # type: ignore[union-attr]
    text = text_of(client.get("/territoires/REG-84/").content.decode())
    assert "2 fiches ajoutées ou modifiées depuis le " in text
    assert "ne sont pas encore comptées" in text
    compute()
    assert "pas encore compté" not in client.get("/territoires/REG-84/").content.decode()


def test_territory_page_opens_with_its_population_and_keeps_ids_for_the_methodology(
    client: Client, computed: Directory
) -> None:
    html = client.get("/territoires/DEP-42/").content.decode()
    found = re.search(r'<p class="territory-lead">.*?</p>', html, re.S)
    assert found is not None
    lead = text_of(found.group(0))
    assert re.fullmatch(r" ?Département · Population municipale \d{3} \d{3} hab\. \(INSEE, 2026\) ?", lead), (
        lead
    )
    assert html.index("territory-lead") < html.index("key-figures-title")
    technical = text_of(section(html, "technical-title"))
    assert "DEP-42" in technical
    assert "@etalab/decoupage-administratif" in technical
    assert "DEP-42" not in text_of(html[: html.index("technical-title")]).replace("/territoires/DEP-42/", "")


def test_front_page_runs_a_bounded_number_of_queries(
    client: Client, computed: Directory, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get("/territoires/").status_code == 200
