"""A page ranked over the narrow index, then read by its ids, is the page sorting the matches gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.structures import search
from maillage.structures.enums import EssFamily
from maillage.structures.models import Discipline
from maillage.structures.search import filter_structures, order_structures, parse_filters, search_page
from maillage.structures.services import structure_create
from maillage.territories.models import Territory

pytestmark = pytest.mark.usefixtures("loire_rhone")


@pytest.mark.parametrize(
    "params",
    [
        {"q": "lieu"},
        {"q": "lieu 3"},
        {"q": "LDC"},
        {"q": "lieu", "tri": "-nom", "page": "2"},
        {"q": "lieu", "tri": "recent", "territoire": "DEP-42"},
        {"discipline": ["theatre"], "territoire": "DEP-42"},
        {"famille": [EssFamily.ASSOCIATION], "page": "3", "etat": "tous"},
    ],
)
def test_the_narrow_page_is_the_sorted_page(params: dict[str, str]) -> None:
    communes = list(Territory.objects.filter(id__in=["COM-42218", "COM-42207", "COM-69123"]))
    theatre = Discipline.objects.get_or_create(slug="theatre", defaults={"name": "Théâtre"})[0]
    for i in range(24):
        structure_create(
            name=f"{'Le ' if i % 3 else ''}Lieu {i % 7} n° {i}",
            acronym="LDC" if i % 6 == 0 else "",
            commune=communes[i % 3],
            is_active=i % 5 != 0,
            ess_family=EssFamily.ASSOCIATION if i % 2 else EssFamily.COOPERATIVE_SCOP,
            disciplines=[theatre] if i % 4 else [],
        )
    structure_create(name="Lieu 3", commune=communes[0])  # an exact name ranks first
    filters = parse_filters({**params, "taille": "4"})
    start = (filters.page - 1) * filters.page_size
    expected = list(order_structures(filter_structures(filters), filters)[start : start + filters.page_size])
    assert expected

    with CaptureQueriesContext(connection) as queries:
        page = search_page(filters, total=len(expected) + start + 1)
    assert page.items == expected
    assert len(queries) <= 3  # the cache's generation, the page, its disciplines


def test_the_narrow_index_holds_the_name_and_acronym() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM pragma_index_info('structure_narrow_idx')")
            columns = [row[0] for row in cursor.fetchall()]
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'structure_narrow_idx'")
            columns = cursor.fetchone()[0]
    assert "search_name" in columns
    assert "acronym" in columns
    assert search.NARROW_PAGE
