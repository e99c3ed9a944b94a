"""The search core's result cache: served only while the database is unchanged, whoever writes.

These tests commit for real (transaction=True): the cache is off inside a transaction, which is where
the rest of the suite runs.
"""

import threading
from collections.abc import Iterator

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from maillage.structures.enums import EssFamily
from maillage.structures.models import Structure
from maillage.structures.search import (
    count_structures,
    parse_filters,
    result_cache,
    search_page,
    structure_facets,
)
from maillage.structures.services import structure_create

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    result_cache.clear()
    yield
    result_cache.clear()


def total(**params: object) -> int:
    return structure_facets(parse_filters(params)).total


def names(**params: object) -> list[str]:
    return [s.name for s in search_page(parse_filters(params)).items]


def test_a_second_count_on_unchanged_data_is_one_query() -> None:
    structure_create(name="Le Fil")
    structure_create(name="La Fabrique")
    first = structure_facets(parse_filters({}))

    with CaptureQueriesContext(connection) as queries:
        second = structure_facets(parse_filters({}))

    assert len(queries) == 1  # the database's state, nothing counted again
    assert second == first
    assert second.total == 2


def test_a_page_read_again_keeps_its_order_and_its_objects() -> None:
    for name in ("Compagnie B", "Compagnie A", "Compagnie C"):
        structure_create(name=name)
    first = names(q="compagnie")

    with CaptureQueriesContext(connection) as queries:
        second = search_page(parse_filters({"q": "compagnie"}))

    assert [s.name for s in second.items] == first == ["Compagnie A", "Compagnie B", "Compagnie C"]
    assert second.total == 3
    assert len(queries) == 3  # state, the rows by id, their disciplines
    assert all(s.pk for s in second.items)


def test_writes_that_bypass_the_services_are_seen() -> None:
    fil = structure_create(name="Le Fil")
    structure_create(name="La Fabrique")
    assert total() == 2
    assert names() == ["La Fabrique", "Le Fil"]

    Structure.objects.filter(pk=fil.pk).update(is_active=False)  # no signal, no save()
    assert total() == 1
    assert names() == ["La Fabrique"]
    assert count_structures(parse_filters({})) == 1

    Structure.objects.bulk_create(
        [Structure(name="Zèbre", slug="zebre", ess_family=EssFamily.ASSOCIATION, search_name="zebre")]
    )
    assert total() == 2
    assert names() == ["La Fabrique", "Zèbre"]

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM structures_structure WHERE slug = %s", ["zebre"])
    assert total() == 1


def test_a_write_from_another_connection_is_seen() -> None:
    structure_create(name="Le Fil")
    assert total() == 1

    def write() -> None:
        try:
            structure_create(name="La Fabrique")
        finally:
            connection.close()  # this thread's own connection

    writer = threading.Thread(target=write)
    writer.start()
    writer.join()

    assert total() == 2
    assert names() == ["La Fabrique", "Le Fil"]


def test_nothing_is_cached_inside_a_transaction_and_a_rollback_leaves_no_trace() -> None:
    structure_create(name="Le Fil")
    assert total() == 1

    def write_then_roll_back() -> None:
        with transaction.atomic():
            structure_create(name="Brouillon")
            assert result_cache.token() is None
            assert total() == 2
            assert names() == ["Brouillon", "Le Fil"]
            transaction.set_rollback(True)

    write_then_roll_back()

    assert total() == 1
    assert names() == ["Le Fil"]


def test_callers_cannot_alter_what_is_kept() -> None:
    structure_create(name="Le Fil")
    facets = structure_facets(parse_filters({}))
    facets.families.clear()
    facets.total = 99

    again = structure_facets(parse_filters({}))

    assert again.total == 1
    assert again.families


def test_different_filters_are_kept_apart() -> None:
    structure_create(name="Théâtre du Parc")
    structure_create(name="Le Fil")

    assert total(q="theatre") == 1
    assert total() == 2
    assert total(etat="ferme") == 0
    assert names(q="theatre") == ["Théâtre du Parc"]
    assert names(tri="-nom") == ["Théâtre du Parc", "Le Fil"]
