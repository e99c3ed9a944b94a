"""Facet counts kept by the database: always what counting the structures gives, whoever writes."""

from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.structures import facet_counts
from maillage.structures.enums import EssFamily, StructureKind
from maillage.structures.models import Discipline, Structure
from maillage.structures.search import (
    parse_filters,
    result_cache,
    scan_facets,
    structure_facets,
)
from maillage.structures.services import structure_create, structure_update
from maillage.structures.withdrawal import structure_withdraw
from maillage.territories.enums import ProjectKind
from maillage.territories.models import Territory
from maillage.territories.services import project_territory_save

pytestmark = pytest.mark.usefixtures("loire_rhone")

FILTERS: list[dict[str, Any]] = [
    {},
    {"etat": "tous"},
    {"etat": "ferme"},
    {"territoire": "PAYS-99100"},
    {"territoire": "REG-84"},
    {"territoire": "DEP-42"},
    {"territoire": "EPCI-244200770"},
    {"territoire": "COM-42218"},
    {"famille": [EssFamily.ASSOCIATION]},
    {"type": [StructureKind.FUNDER, StructureKind.NETWORK]},
    {"ess": "oui"},
    {"ess": "non", "etat": "tous", "territoire": "DEP-69"},
]


def assert_counts_match() -> None:
    for params in FILTERS:
        filters = parse_filters(params)
        assert structure_facets(filters) == scan_facets(filters), params


@pytest.fixture
def places() -> dict[str, Territory]:
    return {t.id: t for t in Territory.objects.filter(id__in=["COM-42218", "COM-42207", "COM-69123"])}


@pytest.fixture
def music() -> Discipline:
    return Discipline.objects.get_or_create(slug="musique-test", defaults={"name": "Musique (test)"})[0]


def test_counts_follow_services_updates_withdrawals_and_disciplines(
    places: dict[str, Territory], music: Discipline
) -> None:
    fil = structure_create(name="Le Fil", commune=places["COM-42218"], ess_family=EssFamily.ASSOCIATION)
    structure_create(name="La Fabrique", commune=places["COM-69123"], kind=StructureKind.FUNDER, is_ess=False)
    structure_create(name="Sans commune", disciplines=[music])
    coop = structure_create(
        name="Coop", commune=places["COM-42207"], ess_family=EssFamily.COOPERATIVE_SCOP, disciplines=[music]
    )
    assert_counts_match()

    structure_update(
        structure=fil, commune=places["COM-69123"], kind=StructureKind.NETWORK, disciplines=[music]
    )
    structure_update(structure=coop, is_active=False, disciplines=[])
    assert_counts_match()

    structure_withdraw(structure=fil)
    assert_counts_match()


def test_counts_follow_bulk_and_raw_writes(places: dict[str, Territory], music: Discipline) -> None:
    Structure.objects.bulk_create(
        [
            Structure(name=f"S{i}", slug=f"s{i}", commune=places["COM-42218"], is_ess=i % 2 == 0)
            for i in range(5)
        ]
    )
    Structure.disciplines.through.objects.bulk_create(
        [Structure.disciplines.through(structure=s, discipline=music) for s in Structure.objects.all()[:3]]
    )
    assert_counts_match()

    Structure.objects.filter(name__in=["S1", "S2"]).update(commune=places["COM-42207"], ess_family="")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE structures_structure SET is_active = %s WHERE name = %s", [False, "S3"])
    Structure.disciplines.through.objects.filter(structure__name="S0").delete()
    Structure.objects.filter(name="S4").delete()
    assert_counts_match()


def test_counts_follow_a_project_territory_created_and_edited(places: dict[str, Territory]) -> None:
    structure_create(name="Le Fil", commune=places["COM-42218"])
    structure_create(name="Le Périscope", commune=places["COM-42207"])
    project_territory_save(name="Sud Loire", kind=ProjectKind.PAYS, commune_ids=["COM-42218", "COM-42207"])
    assert structure_facets(parse_filters({"territoire": "TER-sud-loire"})).total == 2

    project_territory_save(name="Sud Loire", kind=ProjectKind.PAYS, commune_ids=["COM-42218"], replace=True)
    filters = parse_filters({"territoire": "TER-sud-loire"})
    assert structure_facets(filters) == scan_facets(filters)
    assert structure_facets(filters).total == 1


def test_the_counted_facets_take_two_statements(places: dict[str, Territory]) -> None:
    structure_create(name="Le Fil", commune=places["COM-42218"])
    filters = parse_filters({"territoire": "DEP-42"})
    with CaptureQueriesContext(connection) as queries:
        structure_facets(filters)
    assert len(queries) <= 3  # the generation (off inside a test's transaction), the counts, networks


@pytest.mark.django_db(transaction=True)
def test_sessions_leave_the_cache_valid_and_directory_writes_do_not(places: dict[str, Territory]) -> None:
    result_cache.clear()
    structure_create(name="Le Fil", commune=places["COM-42218"])
    before = result_cache.token()
    session = SessionStore()
    session["seen"] = True
    session.save()
    assert result_cache.token() == before

    structure_create(name="La Fabrique", commune=places["COM-42207"])
    assert result_cache.token() != before
    result_cache.clear()


@pytest.mark.django_db(transaction=True)
def test_the_cache_is_shared_by_connections(places: dict[str, Territory]) -> None:
    result_cache.clear()
    structure_create(name="Le Fil", commune=places["COM-42218"])
    structure_facets(parse_filters({}))
    connection.close()  # a new connection, as when gunicorn recycles one

    with CaptureQueriesContext(connection) as queries:
        assert structure_facets(parse_filters({})).total == 1
    assert len(queries) == 1  # the generation only
    result_cache.clear()


def test_every_trigger_and_index_exists_after_the_migrations() -> None:
    # SQLite drops a table's triggers and indexes when Django remakes it (an altered column).
    if connection.vendor == "sqlite":
        catalog = "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')"
        triggers = facet_counts.sqlite_trigger_names()
    else:
        catalog = "SELECT tgname FROM pg_trigger UNION ALL SELECT indexname FROM pg_indexes"
        triggers = [f"{facet_counts.COUNTS}_{suffix}" for suffix in ("s_ai", "s_ad", "s_au", "l_ai", "l_ad")]
    with connection.cursor() as cursor:
        cursor.execute(catalog)
        names = {row[0] for row in cursor.fetchall()}
    expected = {*triggers, "structure_published_facets_idx", "structure_narrow_idx"}
    assert expected <= names
