"""PostgreSQL finds a network's members first, then sorts them, when walking the names would read more."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.structures import search, search_indexes
from maillage.structures.enums import RelationKind, StructureKind
from maillage.structures.models import Structure
from maillage.structures.relation_services import relation_create
from maillage.structures.search import parse_filters, search_page, structure_facets
from maillage.structures.services import structure_create
from maillage.territories.models import Territory

pytestmark = pytest.mark.usefixtures("loire_rhone")

MEMBERS = 6


@pytest.fixture
def members(db: None) -> list[str]:
    """Return the names of a network's members among 40 structures, the directory's statistics fresh."""
    commune = Territory.objects.get(id="COM-42218")
    network = structure_create(name="Réseau des lieux", kind=StructureKind.NETWORK, commune=commune)
    created = [structure_create(name=f"Lieu {n:02d}", commune=commune) for n in range(40)]
    for structure in created[::7][:MEMBERS]:
        relation_create(source=structure, kind=RelationKind.MEMBER_OF, target=network)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Structure._meta.db_table}")  # counts this transaction's rows too
    return sorted(s.name for s in created[::7][:MEMBERS])


def read_page(params: dict[str, str]) -> tuple[list[str], bool]:
    """Return the page's names and whether the matches were found first (sorted on an expression)."""
    filters = parse_filters(params)
    facets = structure_facets(filters)
    with CaptureQueriesContext(connection) as captured:
        page = search_page(filters, total=facets.total, more=facets.capped)
    return [s.name for s in page.items], any("COALESCE" in q["sql"] for q in captured.captured_queries)


def test_a_network_page_is_found_first_when_the_walk_would_read_more_rows(
    members: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "FOUND_FIRST_MAX_TOTAL", 1)  # past the small-result shortcut
    monkeypatch.setattr(search_indexes, "_size_read", None)  # this database's size, not an earlier one's
    params = {"reseau": "reseau-des-lieux", "tri": "nom", "taille": "5"}
    size = search_indexes.directory_size() if connection.vendor == "postgresql" else 0
    walk = 5 * (size or 0) // MEMBERS  # the rows the name index's walk reads for a page of 5

    monkeypatch.setattr(search, "FOUND_FIRST_WALK_ROWS", max(walk * 2, 1))
    walked, sorted_found = read_page(params)
    assert walked == members[:5]
    assert not sorted_found

    monkeypatch.setattr(search, "FOUND_FIRST_WALK_ROWS", max(walk // 2, 1))
    found, sorted_found = read_page(params)
    assert found == members[:5]
    # SQLite walks its own way (`search._walks_names`); PostgreSQL knows its size from its statistics.
    assert sorted_found is (connection.vendor == "postgresql")
    if connection.vendor == "postgresql":
        assert size is not None
        assert size >= 41
