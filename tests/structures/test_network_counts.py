"""The network facet read from kept counts plus the dated memberships: always what probing every current
membership gives, whoever writes and whatever the day."""

import datetime
import io
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.structures import network_counts, search_counted, search_facets
from maillage.structures.enums import EssFamily, RelationKind, RelationState, StructureKind
from maillage.structures.models import Discipline, Relation, Structure
from maillage.structures.relation_services import relation_create, relation_delete, relation_update
from maillage.structures.search import FacetValue, parse_filters, scan_facets, structure_facets
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
    {"territoire": "REG-84"},
    {"territoire": "DEP-42"},
    {"territoire": "COM-42218"},
    {"territoire": "EPCI-244200770"},
    {"famille": [EssFamily.ASSOCIATION]},
    {"type": [StructureKind.FUNDER, StructureKind.NETWORK]},
    {"ess": "oui"},
    {"ess": "non", "etat": "tous", "territoire": "DEP-69"},
]
# The disciplines come from a migration: a transactional test's flushed database has none.
DISCIPLINE_FILTERS: list[dict[str, Any]] = [
    {"discipline": ["spectacle-vivant"]},
    {"discipline": ["theatre"], "territoire": "DEP-42"},
]
MEMBER = RelationKind.MEMBER_OF


def networks(params: dict[str, Any]) -> list[FacetValue]:
    return structure_facets(parse_filters(params)).networks


def assert_networks_match(filters_list: list[dict[str, Any]] = FILTERS) -> None:
    """The kept counts plus the dated memberships give what probing every membership gives."""
    for params in filters_list:
        filters = parse_filters(params)
        assert structure_facets(filters).networks == scan_facets(filters).networks, params


def kept(network: Structure) -> int:
    """Return the members of a network the database keeps counted, all states and territories ("*")."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM(n), 0) FROM {network_counts.NETWORKS} WHERE territory_id = '*' "  # noqa: S608
            "AND network_id = %s",
            [network.pk],
        )
        return int(cursor.fetchone()[0])


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def places() -> dict[str, Territory]:
    return {t.id: t for t in Territory.objects.filter(id__in=["COM-42218", "COM-42207", "COM-69123"])}


@pytest.fixture
def network() -> Structure:
    return structure_create(name="Réseau des lieux", kind=StructureKind.NETWORK)


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Move the clock (Django's, which `localdate` reads) some days forward: the passing of dates."""
    real_now = timezone.now

    def move(days: int) -> None:
        monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(days=days))

    return move


def test_settled_memberships_are_read_from_the_counts_and_follow_services(
    places: dict[str, Territory], network: Structure
) -> None:
    fil = structure_create(name="Le Fil", commune=places["COM-42218"], ess_family=EssFamily.ASSOCIATION)
    coop = structure_create(name="Coop", commune=places["COM-69123"], is_ess=False)
    first = relation_create(source=fil, kind=MEMBER, target=network)
    relation_create(source=fil, kind=MEMBER, target=network, start_date=datetime.date(2012, 1, 1))
    relation_create(source=coop, kind=MEMBER, target=network, start_date=datetime.date(2019, 1, 1))
    assert networks({}) == [FacetValue(network.slug, network.name, 2)]  # Le Fil once, twice a member
    assert kept(network) == 2
    assert_networks_match()

    relation_delete(relation=first)
    assert networks({"territoire": "DEP-42"}) == [FacetValue(network.slug, network.name, 1)]
    assert kept(network) == 2
    structure_update(structure=fil, commune=places["COM-42207"], kind=StructureKind.FUNDER, is_active=False)
    structure_update(structure=coop, is_ess=True)
    assert_networks_match()

    second = Relation.objects.get(source=fil)
    relation_update(relation=second, end_date=today() + datetime.timedelta(days=30))
    assert_networks_match()
    relation_update(relation=second, state=RelationState.DECLARED)
    assert_networks_match()
    structure_withdraw(structure=coop)
    assert networks({}) == []
    assert kept(network) == 0
    assert_networks_match()


def test_counts_follow_bulk_and_raw_writes(places: dict[str, Territory], network: Structure) -> None:
    other = structure_create(name="Fédération", kind=StructureKind.NETWORK)
    members = Structure.objects.bulk_create(
        [
            Structure(name=f"S{i}", slug=f"s{i}", commune=places["COM-42218"], is_ess=i % 2 == 0)
            for i in range(6)
        ]
    )
    Relation.objects.bulk_create(
        [Relation(source=s, kind=MEMBER, target=network) for s in members]
        + [
            Relation(source=s, kind=MEMBER, target=other, start_date=datetime.date(2001, 5, 1))
            for s in members[:3]
        ]
        + [Relation(source=members[0], kind=MEMBER, target=other)]
    )
    assert_networks_match()

    Structure.objects.filter(name__in=["S1", "S2"]).update(commune=places["COM-69123"], ess_family="")
    Relation.objects.filter(source__name="S3").update(end_date=today() - datetime.timedelta(days=1))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE structures_relation SET target_id = %s WHERE source_id = %s", [other.pk, members[4].pk]
        )
        cursor.execute("UPDATE structures_structure SET is_active = %s WHERE name = %s", [False, "S5"])
        cursor.execute(
            "DELETE FROM structures_relation WHERE source_id = %s AND start_date IS NOT NULL", [members[0].pk]
        )
    Relation.objects.filter(source__name="S1").delete()
    Structure.objects.filter(name="S2").delete()
    assert_networks_match()
    by_slug = {v.value: v.count for v in networks({})}
    # Active members only: S0 of the first (S1 left, S2 gone, S3 ended, S4 moved, S5 closed); S0 and S4.
    assert by_slug == {network.slug: 1, other.slug: 2}


def test_counts_follow_a_project_territory(places: dict[str, Territory], network: Structure) -> None:
    fil = structure_create(name="Le Fil", commune=places["COM-42218"])
    relation_create(source=fil, kind=MEMBER, target=network)
    project_territory_save(name="Sud Loire", kind=ProjectKind.PAYS, commune_ids=["COM-42218", "COM-42207"])
    assert networks({"territoire": "TER-sud-loire"}) == [FacetValue(network.slug, network.name, 1)]
    project_territory_save(name="Sud Loire", kind=ProjectKind.PAYS, commune_ids=["COM-42207"], replace=True)
    assert networks({"territoire": "TER-sud-loire"}) == []


def test_dated_memberships_are_right_as_days_pass(
    places: dict[str, Territory], network: Structure, later: Any
) -> None:
    day = today()
    names = ["ends today", "starts tomorrow", "started, ends in a week", "ended yesterday", "undated"]
    fil, tomorrow, week, ended, undated = (
        structure_create(name=name, commune=places["COM-42218"]) for name in names
    )
    relation_create(
        source=fil, kind=MEMBER, target=network, start_date=datetime.date(2010, 1, 1), end_date=day
    )
    relation_create(source=tomorrow, kind=MEMBER, target=network, start_date=day + datetime.timedelta(days=1))
    relation_create(
        source=week, kind=MEMBER, target=network, start_date=day, end_date=day + datetime.timedelta(days=7)
    )
    relation_create(source=ended, kind=MEMBER, target=network, end_date=day - datetime.timedelta(days=1))
    relation_create(source=undated, kind=MEMBER, target=network)
    # A settled membership and a dated one of the same member: counted once.
    relation_create(source=undated, kind=MEMBER, target=network, end_date=day + datetime.timedelta(days=3))
    counts = {0: 3, 1: 3, 8: 2}  # today: fil, week, undated; tomorrow: tomorrow, week, undated; then two
    for days, expected in counts.items():
        later(days)
        assert networks({"territoire": "DEP-42"}) == [FacetValue(network.slug, network.name, expected)], days
        assert_networks_match()

    # The daily job moves the horizon: the membership started since is now kept counted, still right.
    assert kept(network) == 1  # undated; "starts tomorrow" is counted live
    assert network_counts.advance() is True
    assert kept(network) == 2
    assert network_counts.horizon() == today()
    assert network_counts.advance() is False
    assert_networks_match()


def test_dated_memberships_within_a_discipline_count_its_members_only(
    places: dict[str, Territory], network: Structure
) -> None:
    theatre = Discipline.objects.get(slug="theatre")
    stage = structure_create(name="Le Petit Théâtre", commune=places["COM-42218"], disciplines=[theatre])
    books = structure_create(name="La Librairie", commune=places["COM-42218"])
    ends = today() + datetime.timedelta(days=9)
    for member in (stage, books):
        relation_create(source=member, kind=MEMBER, target=network, end_date=ends)

    assert networks({}) == [FacetValue(network.slug, network.name, 2)]
    assert networks({"discipline": ["spectacle-vivant"]}) == [FacetValue(network.slug, network.name, 1)]
    assert networks({"discipline": ["theatre"], "territoire": "DEP-42"}) == [
        FacetValue(network.slug, network.name, 1)
    ]
    assert networks({"discipline": ["musique"]}) == []
    assert_networks_match(FILTERS + DISCIPLINE_FILTERS)


def test_a_network_lifted_by_its_dated_members_is_shown_among_the_first(
    places: dict[str, Territory], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_counted, "MAX_NETWORK_FACET", 2)
    monkeypatch.setattr(search_facets, "MAX_NETWORK_FACET", 2)
    first, second, third = (
        structure_create(name=f"Réseau {letter}", kind=StructureKind.NETWORK) for letter in "ABC"
    )
    members = [structure_create(name=f"Lieu {i}", commune=places["COM-42218"]) for i in range(6)]
    for network, settled in ((first, members[:3]), (second, members[3:5]), (third, members[5:])):
        for member in settled:
            relation_create(source=member, kind=MEMBER, target=network)
    ends = today() + datetime.timedelta(days=30)
    for member in members[:2]:  # C's two dated members lift it from the third place to the first two
        relation_create(source=member, kind=MEMBER, target=third, end_date=ends)

    assert networks({}) == [FacetValue(first.slug, first.name, 3), FacetValue(third.slug, third.name, 3)]
    assert_networks_match()


def test_a_clock_set_before_the_horizon_counts_every_membership_live(
    places: dict[str, Territory], network: Structure, later: Any
) -> None:
    fil = structure_create(name="Le Fil", commune=places["COM-42218"])
    relation_create(source=fil, kind=MEMBER, target=network, start_date=today() - datetime.timedelta(days=2))
    later(-5)  # before the membership started, and before the horizon (the migration's day)
    assert networks({}) == []
    assert_networks_match()


def test_the_network_facet_adds_no_statement(places: dict[str, Territory], network: Structure) -> None:
    fil = structure_create(name="Le Fil", commune=places["COM-42218"])
    relation_create(source=fil, kind=MEMBER, target=network)
    with CaptureQueriesContext(connection) as queries:
        structure_facets(parse_filters({"territoire": "DEP-42"}))
    assert len(queries) <= 2  # the generation (off inside a test's transaction), the counts with networks


@pytest.mark.django_db(transaction=True)
def test_concurrent_memberships_of_one_pair_count_the_member_once(places: dict[str, Territory]) -> None:
    network = structure_create(name="Réseau des lieux", kind=StructureKind.NETWORK)
    fil = structure_create(name="Le Fil", commune=places["COM-42218"])
    barrier = threading.Barrier(10)
    errors: list[BaseException] = []

    def add() -> None:
        try:
            barrier.wait(timeout=30)
            relation_create(source=fil, kind=MEMBER, target=network)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # SQLite has one writer: some may fail to get the lock, which changes nothing to the counts.
    created = Relation.objects.filter(source=fil).count()
    assert created >= 1 or errors
    assert networks({}) == ([FacetValue(network.slug, network.name, 1)] if created else [])
    assert_networks_match()

    for relation in Relation.objects.filter(source=fil):
        relation.delete()
    assert networks({}) == []
    assert_networks_match()


def test_every_trigger_and_the_index_exist_after_the_migrations() -> None:
    if connection.vendor == "sqlite":
        catalog = "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')"
        triggers = network_counts.sqlite_trigger_names()
    else:
        catalog = "SELECT tgname FROM pg_trigger UNION ALL SELECT indexname FROM pg_indexes"
        triggers = network_counts.sqlite_trigger_names()  # the same names on PostgreSQL
    with connection.cursor() as cursor:
        cursor.execute(catalog)
        names = {row[0] for row in cursor.fetchall()}
    assert {*triggers, network_counts.INDEX} <= names


def test_the_daily_command_moves_the_horizon_once_a_day(
    places: dict[str, Territory], network: Structure, later: Any
) -> None:
    fil = structure_create(name="Le Fil", commune=places["COM-42218"])
    relation_create(source=fil, kind=MEMBER, target=network, start_date=today() + datetime.timedelta(days=1))
    later(1)
    out = io.StringIO()
    call_command("advance_network_counts", stdout=out)
    assert "avancé" in out.getvalue()
    assert kept(network) == 1
    call_command("advance_network_counts", stdout=out)
    assert out.getvalue().splitlines()[-1].endswith("rien à faire.")
    assert_networks_match()
