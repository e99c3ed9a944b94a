"""DEP-42's indicators match counts made here, independently, from the directory with plain ORM queries."""

import datetime

import pytest
from django.db.models import Q, Sum
from django.utils import timezone

from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.imports.sirene.models import SireneCulturalCount
from maillage.observatory.compute import snapshot_compute
from maillage.observatory.selectors import child_values, territory_indicators
from maillage.structures.models import Relation, Structure
from maillage.territories.models import Territory, TerritoryCommune
from maillage.territories.selectors import territory_get

pytestmark = pytest.mark.django_db

# The rule of the definitions, written out again here rather than imported from the product.
ESS_FAMILIES = [
    "association",
    "cooperative_scop",
    "cooperative_scic",
    "cooperative_cae",
    "cooperative_other",
    "mutuelle",
    "fondation",
    "esus_company",
]
IN_ESS = Q(ess_family__in=ESS_FAMILIES) | Q(is_ess=True) | Q(ess_family="unknown", is_ess__isnull=True)
IN_SCOPE = IN_ESS & ~Q(kind__in=["funder", "public_body"])


def communes_of(territory_id: str) -> list[str]:
    return list(
        TerritoryCommune.objects.filter(territory_id=territory_id).values_list("commune_id", flat=True)
    )


def counted_in(territory_id: str, *, active: bool = True) -> "list[Structure]":
    structures = Structure.objects.filter(IN_SCOPE, commune_id__in=communes_of(territory_id))
    return list(structures.filter(is_active=True) if active else structures)


def rows_by_key(territory_id: str) -> dict:
    return {row.indicator.key: row for row in territory_indicators(territory_get(territory_id))}


def breakdown(row) -> dict[str, float]:
    return {b.key: b.value for b in row.breakdown}


def test_departement_indicators_match_the_directory(directory):
    """Every indicator of the Loire equals what plain queries over the directory count."""
    snapshot_compute(label="Essai")
    rows = rows_by_key("DEP-42")
    structures = counted_in("DEP-42")
    ids = {s.pk for s in structures}
    assert len(structures) == 6  # 3 in Saint-Étienne, 1 in Saint-Chamond, the network and the ESUS in Roanne
    assert rows["structures_active"].value == len(structures)

    population = Territory.objects.get(id="DEP-42").population
    assert population
    assert rows["structures_per_10k"].value == pytest.approx(len(structures) * 10_000 / population)

    families: dict[str, float] = {}
    kinds: dict[str, float] = {}
    bands: dict[str, float] = {}
    for s in structures:
        families[s.ess_family] = families.get(s.ess_family, 0) + 1
        kinds[s.kind] = kinds.get(s.kind, 0) + 1
        bands[s.headcount_band] = bands.get(s.headcount_band, 0) + 1
    assert breakdown(rows["structures_by_ess_family"]) == families
    assert breakdown(rows["structures_by_kind"]) == kinds
    assert breakdown(rows["structures_by_headcount_band"]) == bands
    assert rows["structures_by_ess_family"].value == len(structures)

    disciplines: dict[str, float] = {}
    for s in structures:
        roots = {(d.parent or d).slug for d in s.disciplines.all()} or {"sans-discipline"}
        for root in roots:
            disciplines[root] = disciplines.get(root, 0) + 1
    assert breakdown(rows["structures_by_discipline"]) == disciplines
    assert disciplines["spectacle-vivant"] == 2  # théâtre and danse count once for their parent

    all_structures = counted_in("DEP-42", active=False)
    creations: dict[str, float] = {}
    closures: dict[str, float] = {}
    for s in all_structures:
        if s.founded_on:
            creations[str(s.founded_on.year)] = creations.get(str(s.founded_on.year), 0) + 1
        if s.closed_on:
            closures[str(s.closed_on.year)] = closures.get(str(s.closed_on.year), 0) + 1
    assert breakdown(rows["creations_by_year"]) == creations
    assert breakdown(rows["closures_by_year"]) == closures == {"2024": 1}
    last_year = str(timezone.localdate().year - 1)
    assert rows["creations_by_year"].value == creations.get(last_year, 0)
    assert rows["closures_by_year"].value == closures.get(last_year, 0)

    today = timezone.localdate()
    current = (Q(start_date__isnull=True) | Q(start_date__lte=today)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    cooperation = Relation.objects.filter(current).exclude(kind="supported_by")
    ends = sum(1 for r in cooperation if r.source_id in ids) + sum(
        1 for r in cooperation if r.target_id in ids
    )
    assert rows["relations_per_structure"].value == pytest.approx(ends / len(structures))

    members: dict[str, float] = {}
    memberships = Relation.objects.filter(
        current, kind="member_of", target__kind__in=["network", "ptce_cluster"]
    )
    for r in memberships.select_related("target"):
        if r.source_id in ids and r.target is not None:
            members[r.target.slug] = members.get(r.target.slug, 0) + 1
    assert breakdown(rows["networks_present"]) == members
    assert rows["networks_present"].value == len(members) == 1
    assert rows["networks_present"].breakdown[0].label == "Réseau ligérien des musiques"

    latest = ImportRun.objects.filter(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED).latest(
        "started_at"
    )
    counts = SireneCulturalCount.objects.filter(run=latest, commune_id__in=communes_of("DEP-42"))
    ess = counts.filter(is_ess=True).aggregate(n=Sum("establishments"))["n"]
    total = counts.aggregate(n=Sum("establishments"))["n"]
    assert rows["ess_share_cultural"].value == pytest.approx(100 * ess / total)
    assert rows["ess_share_cultural"].value == pytest.approx(100 * 15 / 43)


def test_comparisons_with_the_region_and_france_are_present(directory):
    snapshot_compute()
    row = rows_by_key("DEP-42")["structures_active"]
    assert [(c.territory.id, c.value) for c in row.parents] == [("REG-84", 8.0)]
    assert row.france == 8.0  # the fixture's France is the Loire and the Rhône
    commune = rows_by_key("COM-42218")["structures_active"]
    assert [c.territory.id for c in commune.parents] == ["EPCI-244200770", "DEP-42", "REG-84"]
    assert commune.value == 3.0
    france = rows_by_key("PAYS-99100")["structures_active"]
    assert france.parents == []
    assert france.value == france.france == 8.0


def test_per_10k_uses_the_population_of_the_referential(directory):
    """The Loire's rate divides by DEP-42's population; a commune's by its own."""
    snapshot_compute()
    for territory_id in ("DEP-42", "COM-42218", "REG-84", "PAYS-99100", "EPCI-244200770"):
        territory = Territory.objects.get(id=territory_id)
        count = rows_by_key(territory_id)["structures_active"].value
        value = rows_by_key(territory_id)["structures_per_10k"].value
        assert count is not None
        assert territory.population
        assert value == pytest.approx(count * 10_000 / territory.population), territory_id


def test_project_territory_sums_its_communes_populations(directory):
    from maillage.territories.services import project_territory_import_csv  # noqa: PLC0415

    project_territory_import_csv(name="Gier et Roannais", kind="pays", csv_text="42218\n42207\n42187")
    Territory.objects.filter(id="TER-gier-et-roannais").update(population=1)  # a stale figure is not used
    snapshot_compute()
    communes = Territory.objects.filter(id__in=["COM-42218", "COM-42207", "COM-42187"])
    population = sum(c.population or 0 for c in communes)
    rows = rows_by_key("TER-gier-et-roannais")
    assert rows["structures_active"].value == 6
    assert rows["structures_per_10k"].value == pytest.approx(6 * 10_000 / population)


def test_empty_territory_has_zero_counts_and_undefined_ratios(directory):
    snapshot_compute()
    rows = rows_by_key("COM-42207")  # Saint-Chamond: one structure, no relation, no SIRENE count
    assert rows["structures_active"].value == 1
    assert rows["ess_share_cultural"].value is None
    assert rows["networks_present"].value == 0
    assert rows["relations_per_structure"].value == 0
    empty = next(
        t for t in Territory.objects.filter(level="commune", departement_id="DEP-42") if not counted_in(t.id)
    )
    rows = rows_by_key(empty.id)
    assert rows["structures_active"].value == 0
    assert rows["structures_by_kind"].value == 0
    assert rows["structures_by_kind"].breakdown == []
    assert rows["relations_per_structure"].value is None  # no structure: no average
    assert rows["structures_per_10k"].value == 0


def test_child_values_feed_the_map_of_the_region(directory):
    snapshot_compute()
    values = {t.id: v for t, v in child_values(territory_get("REG-84"), "structures_active")}
    assert values == {"DEP-42": 6.0, "DEP-69": 2.0}
    epcis = child_values(territory_get("DEP-42"), "ess_share_cultural")
    shares = {t.id: v for t, v in epcis}
    assert shares["EPCI-244200770"] == pytest.approx(100 * 12 / 40)


def test_nothing_computed_yet_gives_empty_rows(loire_rhone):
    rows = territory_indicators(territory_get("DEP-42"))
    assert rows
    assert all(r.value is None and r.history == [] for r in rows)
    assert [c.territory.id for c in rows[0].parents] == ["REG-84"]


def test_dates_of_relations_follow_the_snapshot(directory):
    """A relation that starts in a month counts in a snapshot taken then."""
    later = timezone.now() + datetime.timedelta(days=60)
    snapshot_compute(taken_at=later)
    rows = rows_by_key("COM-42218")
    assert breakdown(rows["networks_present"]) == {directory.network.slug: 3}
