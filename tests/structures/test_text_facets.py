"""A broad text search is counted over its first matches only, its page still ranked over all of them;
the index SQLite reads a text search through changes no count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.search.normalize import search_key
from maillage.structures import search
from maillage.structures.enums import EssFamily
from maillage.structures.search import parse_filters, search_page, structure_facets
from maillage.structures.search_facets import scan_facets
from maillage.structures.search_indexes import text_index
from maillage.structures.services import structure_create
from maillage.territories.models import Territory

pytestmark = pytest.mark.usefixtures("loire_rhone")


@pytest.fixture
def theatres() -> list[str]:
    """Build eight theatres in the Loire and the Rhône, the one named exactly "Théâtre" created last."""
    communes = list(Territory.objects.filter(id__in=["COM-42218", "COM-42207", "COM-69123"]).order_by("id"))
    names = []
    for i in range(7):
        structure = structure_create(
            name=f"Compagnie de théâtre {i}",
            commune=communes[i % 3],
            ess_family=EssFamily.ASSOCIATION if i % 2 else EssFamily.COOPERATIVE_SCOP,
        )
        names.append(structure.name)
    structure_create(name="Théâtre", commune=communes[0])
    structure_create(name="Salle de concert", commune=communes[0])  # matches no search below
    return [*names, "Théâtre"]


def test_a_text_search_broader_than_the_limit_says_more_than_and_keeps_its_ranking(
    theatres: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "TEXT_FACETS_LIMIT", 3)
    filters = parse_filters({"q": "theatre"})

    facets = structure_facets(filters, capped=True)
    assert facets.capped
    assert facets.total == 3  # "plus de 3"
    assert {v.value for v in facets.families} <= {EssFamily.ASSOCIATION, EssFamily.COOPERATIVE_SCOP}
    assert facets.families
    assert facets.territories
    # The exact name, created last (outside the first matches found), still opens the page.
    page = search_page(filters, total=facets.total)
    assert page.items[0].name == "Théâtre"

    whole = structure_facets(filters)  # a network's members, or any caller not asking for the cap
    assert not whole.capped
    assert whole.total == len(theatres)
    assert sum(v.count for v in whole.families) == len(theatres)


def test_a_text_search_within_the_limit_is_counted_exactly(
    theatres: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "TEXT_FACETS_LIMIT", len(theatres))
    facets = structure_facets(parse_filters({"q": "theatre", "territoire": "REG-84"}), capped=True)
    assert not facets.capped
    assert facets.total == len(theatres)
    assert {v.label: v.count for v in facets.territories} == {"Loire": 6, "Rhône": 2}


@pytest.mark.parametrize(
    "params",
    [
        {"q": "theatre"},
        {"q": "theatre", "territoire": "DEP-42"},
        {"q": "compagnie", "territoire": "COM-69123"},
    ],
)
def test_the_index_a_text_search_is_read_through_changes_no_count(
    theatres: list[str], params: dict[str, str]
) -> None:
    filters = parse_filters(params)
    if connection.vendor == "sqlite":  # PostgreSQL's planner reads them its own way
        assert text_index(filters) is not None
    through_index = scan_facets(filters, index=text_index(filters))
    planner = scan_facets(filters)
    assert through_index == planner
    assert through_index.total > 0


def test_a_page_of_more_matches_than_counted_walks_the_names_on_postgresql(
    theatres: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "TEXT_FACETS_LIMIT", 3)
    filters = parse_filters({"q": "theatre", "tri": "nom", "taille": "5"})
    facets = structure_facets(filters, capped=True)
    with CaptureQueriesContext(connection) as walked:
        page = search_page(filters, total=facets.total, more=facets.capped)
    assert [s.name for s in page.items] == sorted(theatres, key=search_key)[:5]

    # The same total taken as exact would be a small result, found first then sorted (ORDER BY COALESCE).
    small = parse_filters({"q": "theatre", "tri": "nom", "taille": "6"})
    with CaptureQueriesContext(connection) as found_first:
        search_page(small, total=facets.total)
    sorts_found = any("COALESCE" in q["sql"] for q in found_first.captured_queries)
    assert sorts_found is (connection.vendor == "postgresql")
    # "Plus de 3" may be 200,000: the name index is walked, as for any large result.
    assert not any("COALESCE" in q["sql"] for q in walked.captured_queries)
