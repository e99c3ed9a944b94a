"""A broad text search's first pages, found by relevance tier along the names, are the pages the whole
ranking gives: exact name or acronym first, then names starting with the words, then the others."""

import pytest
from django.db import connection

from maillage.structures import search, search_tiers
from maillage.structures.models import Structure
from maillage.structures.search import parse_filters, search_page, structure_facets
from maillage.structures.search_filters import filter_structures, order_structures
from maillage.structures.search_tiers import tiered_page_ids
from maillage.structures.services import structure_create, structure_update
from maillage.territories.models import Territory

pytestmark = pytest.mark.usefixtures("loire_rhone")


@pytest.fixture
def theatres(loire_rhone: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Build theatres of every tier, the exact name and the acronym created last; count 12 matches at most."""
    monkeypatch.setattr(search, "TEXT_FACETS_LIMIT", 12)
    saint_etienne = Territory.objects.get(id="COM-42218")
    lyon = Territory.objects.get(id="COM-69123")
    for name in [
        "Théâtre du Verso",
        "Théâtre 2 l'Acte",
        "Théâtres en Loire",
        "Théâtre Libre",
        "Théâtre de la Renaissance",
        "Théâtre du Parc",
        "Théâtre-Atelier",
        "Théâtre Cinéma",
        "Le Petit Théâtre",
        "Compagnie de théâtre La Fabrique",
        "Amphithéâtre de Fourvière",
    ]:
        structure_create(name=name, commune=saint_etienne)
    structure_create(name="Les Arts de la scène", commune=lyon, description="Du théâtre tous les soirs.")
    structure_create(name="Atelier Théâtre Ouvert", commune=lyon, acronym="ATO")
    structure_create(name="Troupe Éclat", commune=lyon, acronym="Théâtre")
    structure_create(name="Théâtre", commune=saint_etienne)


def _whole_ranking(params: dict[str, str]) -> list[str]:
    filters = parse_filters(params)
    return [s.name for s in order_structures(filter_structures(filters), filters)]


@pytest.mark.usefixtures("theatres")
@pytest.mark.parametrize("page", ["1", "2", "3", "4"])
def test_each_page_of_a_broad_search_is_the_whole_ranking_s(page: str) -> None:
    params = {"q": "theatre", "taille": "3", "page": page}
    filters = parse_filters(params)
    facets = structure_facets(filters, capped=True)
    assert facets.capped

    shown = [s.name for s in search_page(filters, total=facets.total, more=facets.capped).items]

    start = (int(page) - 1) * 3
    assert shown == _whole_ranking(params)[start : start + 3]


@pytest.mark.usefixtures("theatres")
def test_the_exact_name_and_the_acronym_open_the_first_page_then_the_names_starting_with_the_word() -> None:
    filters = parse_filters({"q": "Théâtre", "taille": "5"})

    page = search_page(filters, total=3, more=True)

    shown = [s.name for s in page.items]
    assert shown == ["Théâtre", "Troupe Éclat", "Théâtre 2 l'Acte", "Théâtre-Atelier", "Théâtre Cinéma"]
    # Found along the names, without ranking every match, on both databases.
    assert tiered_page_ids(filter_structures(filters, text_checked=True), filters, 0) == [
        s.pk for s in page.items
    ]


@pytest.mark.usefixtures("theatres")
def test_a_page_the_first_tiers_do_not_fill_is_ranked_whole() -> None:
    params = {"q": "theatre", "taille": "20"}
    filters = parse_filters(params)

    shown = [s.name for s in search_page(filters, total=3, more=True).items]

    assert tiered_page_ids(filter_structures(filters), filters, 0) is None
    assert shown == _whole_ranking(params)
    assert shown[0] == "Théâtre"
    assert shown[-5:] == [
        "Atelier Théâtre Ouvert",
        "Compagnie de théâtre La Fabrique",
        "Le Petit Théâtre",
        "Les Arts de la scène",
        "Troupe Éclat",
    ]
    assert "Amphithéâtre de Fourvière" not in shown


@pytest.mark.usefixtures("theatres")
def test_the_names_containing_the_word_found_among_the_first_names_end_the_page() -> None:
    params = {"q": "theatre", "taille": "3", "page": "4"}
    filters = parse_filters(params)

    found = tiered_page_ids(filter_structures(filters, text_checked=True), filters, 9)

    # "Amphithéâtre" contains the word but does not match it.
    expected = ["Atelier Théâtre Ouvert", "Compagnie de théâtre La Fabrique", "Le Petit Théâtre"]
    assert _whole_ranking(params)[9:12] == expected
    assert [Structure.objects.get(pk=pk).name for pk in found or []] == expected


@pytest.mark.usefixtures("theatres")
@pytest.mark.parametrize(("window", "per_wanted", "amphitheatres"), [(3, 5, 0), (2_000, 1, 10)])
def test_names_containing_the_word_beyond_what_is_read_leave_the_page_to_the_whole_ranking(
    window: int, per_wanted: int, amphitheatres: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Either the names read are too few (a window of 3), or the first ones containing the word do not
    # match it ("Amphithéâtre"): ten of them fill the ten candidates read for the page's ten names.
    for number in range(amphitheatres):
        structure_create(name=f"Amphithéâtre {number}", commune=Territory.objects.get(id="COM-42218"))
    monkeypatch.setattr(search_tiers, "CONTAINING_WINDOW", window)
    monkeypatch.setattr(search_tiers, "CANDIDATES_PER_WANTED", per_wanted)
    params = {"q": "theatre", "taille": "3", "page": "4"}
    filters = parse_filters(params)

    shown = [s.name for s in search_page(filters, total=12, more=True).items]

    assert tiered_page_ids(filter_structures(filters), filters, 9) is None
    assert shown == _whole_ranking(params)[9:12]


@pytest.mark.usefixtures("theatres")
@pytest.mark.parametrize("page", ["1", "2"])
def test_a_broad_search_in_a_territory_pages_as_the_whole_ranking(
    page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "TEXT_FACETS_LIMIT", 5)  # the Loire's 11 theatres count as "plus de 5"
    params = {"q": "theatre", "territoire": "DEP-42", "taille": "3", "page": page}
    filters = parse_filters(params)
    facets = structure_facets(filters, capped=True)

    shown = [s.name for s in search_page(filters, total=facets.total, more=facets.capped).items]

    start = (int(page) - 1) * 3
    assert facets.capped
    assert shown == _whole_ranking(params)[start : start + 3]
    assert "Troupe Éclat" not in _whole_ranking(params)  # in Lyon, outside the Loire
    found = tiered_page_ids(filter_structures(filters, text_checked=True), filters, start)
    if connection.vendor == "sqlite":  # read by commune there (`search_indexes`), ranked whole
        assert found is None
    else:
        assert found == [s.pk for s in search_page(filters, total=facets.total, more=True).items]


def test_the_names_and_ids_are_indexed_together_on_postgresql_only() -> None:
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, Structure._meta.db_table)

    window = indexes.get("structure_name_window_idx")
    if connection.vendor == "postgresql":  # the first names read from the index alone (ADR 32)
        assert window is not None
        assert window["columns"] == ["search_name", "id"]
    else:  # SQLite's index on the name holds the row id already
        assert window is None


@pytest.mark.usefixtures("theatres")
def test_names_starting_with_the_word_beyond_what_is_read_leave_the_page_to_the_whole_ranking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Closed theatres first in the range: of the four names read for the two results wanted after the
    # exact name, none is shown. What lies further in the range is not known: the page is ranked whole.
    saint_etienne = Territory.objects.get(id="COM-42218")
    for name in ["Théâtre 1", "Théâtre 10", "Théâtre 100"]:
        structure_update(structure=structure_create(name=name, commune=saint_etienne), is_active=False)
    monkeypatch.setattr(search_tiers, "CANDIDATES_PER_WANTED", 2)
    params = {"q": "theatre", "taille": "3"}
    filters = parse_filters(params)

    shown = [s.name for s in search_page(filters, total=12, more=True).items]

    assert tiered_page_ids(filter_structures(filters), filters, 0) is None
    assert shown == _whole_ranking(params)[:3] == ["Théâtre", "Théâtre 2 l'Acte", "Théâtre-Atelier"]
