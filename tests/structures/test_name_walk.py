"""A page of a large result read along the name index (SQLite) is the page the planner's own way gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.structures.enums import EssFamily
from maillage.structures.models import Discipline
from maillage.structures.search import (
    NAME_INDEX,
    NAME_WALK_MIN_TOTAL,
    filter_structures,
    order_structures,
    parse_filters,
    search_page,
)
from maillage.structures.services import structure_create
from maillage.territories.models import Territory

pytestmark = pytest.mark.usefixtures("loire_rhone")


@pytest.mark.parametrize(
    "params",
    [
        {"territoire": "DEP-42"},
        {"territoire": "DEP-42", "tri": "-nom"},
        {"territoire": "DEP-42", "tri": "nom", "page": "2"},
        {"discipline": ["musique-test"], "etat": "tous"},
        {"famille": [EssFamily.ASSOCIATION], "page": "3"},
    ],
)
def test_the_name_walk_gives_the_planner_s_page(params: dict[str, str]) -> None:
    communes = list(Territory.objects.filter(id__in=["COM-42218", "COM-42207", "COM-69123"]))
    music = Discipline.objects.get_or_create(slug="musique-test", defaults={"name": "Musique (test)"})[0]
    for i in range(24):
        structure_create(
            name=f"{'Le ' if i % 3 else ''}Lieu {i % 7} n° {i}",
            commune=communes[i % 3],
            is_active=i % 5 != 0,
            ess_family=EssFamily.ASSOCIATION if i % 2 else EssFamily.COOPERATIVE_SCOP,
            disciplines=[music] if i % 4 else [],
        )
    filters = parse_filters({**params, "taille": "4"})
    start = (filters.page - 1) * filters.page_size
    expected = list(order_structures(filter_structures(filters), filters)[start : start + filters.page_size])
    assert expected

    # A total above the threshold, as a région's: the page is read along the names.
    with CaptureQueriesContext(connection) as queries:
        page = search_page(filters, total=NAME_WALK_MIN_TOTAL)
    assert page.items == expected
    if connection.vendor == "sqlite":
        assert NAME_INDEX in queries.captured_queries[-2]["sql"]  # the page, then its disciplines
    assert len(queries) <= 3


def test_the_name_index_exists() -> None:
    if connection.vendor == "sqlite":
        catalog = "SELECT name FROM sqlite_master WHERE type = 'index' AND name = %s"
    else:
        catalog = "SELECT indexname FROM pg_indexes WHERE indexname = %s"
    with connection.cursor() as cursor:
        cursor.execute(catalog, [NAME_INDEX])
        assert cursor.fetchone()
