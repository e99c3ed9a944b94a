"""Discipline searches read from kept counts: always what counting the matching structures gives, whoever
writes (services, bulk, raw SQL, project territories, a discipline moved), whatever the day."""

import datetime
import threading
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.structures import discipline_counts, network_counts, search_counted
from maillage.structures.enums import EssFamily, RelationKind, StructureKind
from maillage.structures.models import Discipline, Relation, Structure
from maillage.structures.relation_services import relation_create, relation_update
from maillage.structures.search import parse_filters, scan_facets, structure_facets
from maillage.structures.services import structure_create, structure_update
from maillage.structures.withdrawal import structure_withdraw
from maillage.territories.enums import ProjectKind
from maillage.territories.models import Territory
from maillage.territories.services import project_territory_save

pytestmark = pytest.mark.usefixtures("loire_rhone")

DISCIPLINE_FILTERS: list[list[str]] = [
    ["musique"],
    ["spectacle-vivant"],
    ["theatre"],
    ["danse"],
    ["spectacle-vivant", "theatre"],
    ["theatre", "spectacle-vivant", "cirque"],
]
OTHER_FILTERS: list[dict[str, Any]] = [
    {},
    {"etat": "tous"},
    {"etat": "ferme"},
    {"territoire": "REG-84"},
    {"territoire": "DEP-42"},
    {"territoire": "EPCI-244200770"},
    {"territoire": "COM-42218"},
    {"famille": [EssFamily.ASSOCIATION]},
    {"type": [StructureKind.FUNDER, StructureKind.NETWORK]},
    {"ess": "non", "etat": "tous", "territoire": "DEP-69"},
]
MEMBER = RelationKind.MEMBER_OF


def assert_counts_match(searches: list[list[str]] = DISCIPLINE_FILTERS) -> None:
    """Every discipline search's facets, read from the kept counts, are those counted over its matches;
    and the kept table is what counting everything again gives."""
    for slug in {slug for slugs in searches for slug in slugs}:
        d(slug)  # a transactional test may have emptied the taxonomy
    for slugs in searches:
        for params in OTHER_FILTERS:
            filters = parse_filters({**params, "discipline": slugs})
            assert search_counted.answers(filters), slugs
            assert structure_facets(filters) == scan_facets(filters), (slugs, params)
    kept = rows()
    with connection.cursor() as cursor:
        for statement in discipline_counts.rebuild_sql():
            cursor.execute(statement)
    assert kept == rows()


def rows() -> set[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {discipline_counts.DISCIPLINES} WHERE n <> 0")  # noqa: S608
        return {tuple(row) for row in cursor.fetchall()}


# The taxonomy of migration 0002, made again when a transactional test has emptied the tables.
PARENTS = {"theatre": "spectacle-vivant", "danse": "spectacle-vivant", "cirque": "spectacle-vivant"}
PARENTS["arts-de-la-rue"] = "spectacle-vivant"


def d(slug: str) -> Discipline:
    parent = d(PARENTS[slug]) if slug in PARENTS else None
    return Discipline.objects.get_or_create(slug=slug, defaults={"name": slug, "parent": parent})[0]


@pytest.fixture
def places() -> dict[str, Territory]:
    return {t.id: t for t in Territory.objects.filter(id__in=["COM-42218", "COM-42207", "COM-69123"])}


@pytest.fixture
def network() -> Structure:
    return structure_create(name="Réseau des lieux", kind=StructureKind.NETWORK)


def test_counts_follow_services(places: dict[str, Territory], network: Structure) -> None:
    fil = structure_create(
        name="Le Fil", commune=places["COM-42218"], disciplines=[d("musique"), d("theatre")]
    )
    coop = structure_create(
        name="Coop",
        commune=places["COM-69123"],
        ess_family=EssFamily.COOPERATIVE_SCOP,
        disciplines=[d("spectacle-vivant"), d("danse")],
    )
    structure_create(name="Sans commune", disciplines=[d("cirque")])
    relation_create(source=fil, kind=MEMBER, target=network)
    relation_create(source=fil, kind=MEMBER, target=network, start_date=datetime.date(2012, 1, 1))
    relation_create(source=coop, kind=MEMBER, target=network)
    assert_counts_match()
    facets = structure_facets(parse_filters({"discipline": ["spectacle-vivant", "theatre"]}))
    assert facets.total == 3  # Coop once, though linked to the group twice
    assert [(v.value, v.count) for v in facets.networks] == [(network.slug, 2)]

    structure_update(structure=fil, commune=places["COM-42207"], kind=StructureKind.FUNDER, is_active=False)
    structure_update(structure=coop, disciplines=[d("theatre")])
    assert_counts_match()
    structure_update(structure=coop, disciplines=[])
    relation_update(
        relation=Relation.objects.get(source=coop), end_date=timezone.localdate() + datetime.timedelta(days=9)
    )
    assert_counts_match()
    structure_withdraw(structure=fil)
    assert_counts_match()


def test_counts_follow_bulk_and_raw_writes(places: dict[str, Territory], network: Structure) -> None:
    members = Structure.objects.bulk_create(
        [
            Structure(name=f"S{i}", slug=f"s{i}", commune=places["COM-42218"], is_ess=i % 2 == 0)
            for i in range(6)
        ]
    )
    through = Structure.disciplines.through
    through.objects.bulk_create(
        [through(structure=s, discipline=d("theatre")) for s in members[:4]]
        + [through(structure=s, discipline=d("spectacle-vivant")) for s in members[2:]]
        + [through(structure=members[0], discipline=d("musique"))]
    )
    Relation.objects.bulk_create(
        [Relation(source=s, kind=MEMBER, target=network) for s in members[1:]]
        + [Relation(source=members[1], kind=MEMBER, target=network, start_date=datetime.date(2001, 5, 1))]
    )
    assert_counts_match()

    Structure.objects.filter(name__in=["S1", "S2"]).update(commune=places["COM-69123"], ess_family="")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE structures_structure_disciplines SET discipline_id = %s WHERE structure_id = %s "
            "AND discipline_id = %s",
            [d("danse").pk, members[3].pk, d("theatre").pk],
        )
        cursor.execute(
            "UPDATE structures_structure_disciplines SET structure_id = %s WHERE structure_id = %s "
            "AND discipline_id = %s",
            [members[5].pk, members[0].pk, d("theatre").pk],
        )
        cursor.execute(
            "UPDATE structures_relation SET source_id = %s WHERE source_id = %s",
            [members[0].pk, members[4].pk],
        )
        cursor.execute("UPDATE structures_structure SET is_active = %s WHERE name = %s", [False, "S5"])
        cursor.execute(
            "DELETE FROM structures_relation WHERE source_id = %s AND start_date IS NULL", [members[1].pk]
        )
    assert_counts_match()
    through.objects.filter(structure__name="S2").delete()
    Relation.objects.filter(source__name="S3").update(end_date=timezone.localdate())
    Structure.objects.filter(name="S4").delete()
    assert_counts_match()


def test_counts_follow_a_project_territory(places: dict[str, Territory]) -> None:
    structure_create(name="Le Fil", commune=places["COM-42218"], disciplines=[d("theatre")])
    project_territory_save(name="Sud Loire", kind=ProjectKind.PAYS, commune_ids=["COM-42218", "COM-42207"])
    filters = parse_filters({"territoire": "TER-sud-loire", "discipline": ["spectacle-vivant"]})
    assert structure_facets(filters) == scan_facets(filters)
    assert structure_facets(filters).total == 1
    project_territory_save(name="Sud Loire", kind=ProjectKind.PAYS, commune_ids=["COM-42207"], replace=True)
    assert structure_facets(filters) == scan_facets(filters)
    assert structure_facets(filters).total == 0


def test_a_discipline_moved_under_another_parent(places: dict[str, Territory]) -> None:
    structure_create(name="Le Fil", commune=places["COM-42218"], disciplines=[d("theatre")])
    structure_create(name="La Fanfare", commune=places["COM-42218"], disciplines=[d("musique")])
    Discipline.objects.filter(slug="theatre").update(parent=d("musique"))
    assert_counts_match([["musique"], ["theatre"], ["spectacle-vivant"], ["musique", "theatre"]])
    assert structure_facets(parse_filters({"discipline": ["musique"]})).total == 2
    assert structure_facets(parse_filters({"discipline": ["spectacle-vivant"]})).total == 0


def test_network_rows_follow_the_horizon(
    places: dict[str, Territory], network: Structure, monkeypatch: pytest.MonkeyPatch
) -> None:
    fil = structure_create(name="Le Fil", commune=places["COM-42218"], disciplines=[d("danse")])
    relation_create(
        source=fil, kind=MEMBER, target=network, start_date=timezone.localdate() + datetime.timedelta(days=1)
    )
    assert_counts_match()  # counted live: a start after the horizon
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(days=2))
    assert network_counts.advance() is True  # settled now: the discipline counts' network rows too
    assert_counts_match()
    facets = structure_facets(parse_filters({"discipline": ["danse"]}))
    assert [(v.value, v.count) for v in facets.networks] == [(network.slug, 1)]


def test_unrelated_disciplines_count_their_matches(places: dict[str, Territory]) -> None:
    structure_create(name="Le Fil", commune=places["COM-42218"], disciplines=[d("theatre"), d("musique")])
    filters = parse_filters({"discipline": ["musique", "danse"]})
    assert not search_counted.answers(filters)  # two groups: their union is not kept
    assert structure_facets(filters).total == 1


def test_a_discipline_page_s_facets_take_one_statement(
    places: dict[str, Territory], network: Structure
) -> None:
    fil = structure_create(name="Le Fil", commune=places["COM-42218"], disciplines=[d("theatre")])
    relation_create(source=fil, kind=MEMBER, target=network)
    filters = parse_filters({"discipline": ["spectacle-vivant"], "territoire": "DEP-42"})
    with CaptureQueriesContext(connection) as queries:
        structure_facets(filters)
    assert len(queries) <= 2  # the generation (off inside a test's transaction), the counts


@pytest.mark.django_db(transaction=True)
def test_concurrent_links_of_one_structure_count_it_once(places: dict[str, Territory]) -> None:
    fil = structure_create(name="Le Fil", commune=places["COM-42218"])
    slugs = ["theatre", "danse", "cirque", "arts-de-la-rue", "spectacle-vivant"] * 2
    disciplines = [d(slug) for slug in slugs]
    barrier = threading.Barrier(10)
    errors: list[BaseException] = []

    def link(discipline: Discipline) -> None:
        try:
            barrier.wait(timeout=30)
            Structure.disciplines.through.objects.get_or_create(structure=fil, discipline=discipline)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=link, args=(discipline,)) for discipline in disciplines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # SQLite has one writer (and two threads may race on one link): some may fail, which changes nothing.
    linked = fil.disciplines.count()
    assert linked >= 1 or errors
    facets = structure_facets(parse_filters({"discipline": ["spectacle-vivant"]}))
    assert facets.total == 1
    assert_counts_match()

    Structure.disciplines.through.objects.filter(structure=fil).delete()
    assert structure_facets(parse_filters({"discipline": ["spectacle-vivant"]})).total == 0
    assert_counts_match()


def test_every_trigger_exists_after_the_migrations() -> None:
    if connection.vendor == "sqlite":
        catalog = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        catalog = "SELECT tgname FROM pg_trigger"
    with connection.cursor() as cursor:
        cursor.execute(catalog)
        names = {row[0] for row in cursor.fetchall()}
    assert set(discipline_counts.sqlite_trigger_names()) <= names


@pytest.mark.django_db(transaction=True)
def test_emptying_the_database_leaves_no_count_behind(places: dict[str, Territory]) -> None:
    """A flush (tests, a restore) deletes disciplines before their links: what comes after counts alone."""
    from django.core.management import call_command  # noqa: PLC0415

    structure_create(name="Le Fil", commune=places["COM-42218"], disciplines=[d("theatre"), d("musique")])
    assert structure_facets(parse_filters({"discipline": ["spectacle-vivant"]})).total == 1
    call_command("flush", interactive=False, verbosity=0)  # its order of tables varies from run to run
    assert rows() == set()
    structure_create(name="Compagnie", disciplines=[d("theatre")])  # the territories went too
    assert structure_facets(parse_filters({"discipline": ["spectacle-vivant"]})).total == 1
    kept = rows()
    with connection.cursor() as cursor:
        for statement in discipline_counts.rebuild_sql():
            cursor.execute(statement)
    assert kept == rows()
