"""Snapshots keep history, incremental computations equal full ones, a failed computation writes nothing."""

import dataclasses
import datetime

import pytest
from django.utils import timezone

from maillage.observatory.compute import ComputeError, snapshot_compute
from maillage.observatory.definitions import INDICATORS
from maillage.observatory.models import IndicatorValue, Snapshot
from maillage.observatory.selectors import latest_snapshot, territory_indicators
from maillage.observatory.values import snapshot_values
from maillage.structures.enums import RelationKind
from maillage.structures.models import Relation, Structure
from maillage.territories.models import TerritoryCommune
from maillage.territories.selectors import territory_get
from tests.observatory.directory import LYON, ROANNE, SAINT_ETIENNE
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def values_of(snapshot: Snapshot) -> dict[tuple[str, str, str], tuple]:
    """Return a snapshot's values as readers see them (its own and those it shares), rounded."""
    rows = snapshot_values(snapshot).values_list(
        "territory_id", "indicator", "dimension", "value", "numerator", "denominator"
    )
    return {
        (t, i, d): tuple(None if x is None else round(x, 9) for x in (v, n, den))
        for t, i, d, v, n, den in rows
    }


def change_the_directory_in(*communes: str) -> None:
    """Add a structure, move one and end memberships, all within these communes."""
    StructureFactory.create(commune_id=communes[0], association=True, headcount_band="02")
    mover = Structure.objects.filter(commune_id=communes[0], is_active=True, is_ess=True, kind="cultural")[0]
    mover.commune_id = communes[-1]
    mover.save()
    ended = Relation.objects.filter(
        kind=RelationKind.MEMBER_OF,
        start_date=None,
        source__commune_id=communes[-1],
        target__commune_id=communes[0],
    ).update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    assert ended


def test_a_second_snapshot_keeps_the_first_and_history_shows_both(directory):
    first = snapshot_compute(label="Premier", taken_at=timezone.now() - datetime.timedelta(days=3)).snapshot
    StructureFactory.create(commune_id=SAINT_ETIENNE, association=True)
    second = snapshot_compute(label="Second").snapshot
    assert Snapshot.objects.count() == 2
    assert latest_snapshot() == second
    rows = {r.indicator.key: r for r in territory_indicators(territory_get("DEP-42"))}
    assert rows["structures_active"].value == 7
    history = rows["structures_active"].history
    assert history == [
        (timezone.localtime(first.taken_at).date(), 6.0),
        (timezone.localtime(second.taken_at).date(), 7.0),
    ]
    # The first snapshot still reads as it was.
    old = {r.indicator.key: r for r in territory_indicators(territory_get("DEP-42"), first)}
    assert old["structures_active"].value == 6
    assert old["structures_active"].history == history[:1]


def test_incremental_computation_equals_a_full_one(directory):
    full_before = snapshot_compute().snapshot
    change_the_directory_in(ROANNE, LYON)
    incremental = snapshot_compute(incremental=True)
    full = snapshot_compute().snapshot
    assert incremental.mode == "incremental"
    assert full.mode == "full"
    assert incremental.snapshot.based_on == full_before
    assert values_of(incremental.snapshot) == values_of(full)
    # Only the two communes changed: their holders are recomputed, every other territory is copied.
    assert incremental.changed_communes == 2
    holders = set(
        TerritoryCommune.objects.filter(commune_id__in=[ROANNE, LYON]).values_list("territory_id", flat=True)
    )
    communes = TerritoryCommune.objects.filter(territory__level="commune").count()
    assert incremental.territories == communes + len(holders - {ROANNE, LYON})
    assert values_of(incremental.snapshot) != values_of(full_before)


def test_a_change_touching_more_than_a_third_of_the_communes_is_computed_whole(directory):
    """Past a third of the communes an incremental pass is slower than a full one: the full one runs."""
    snapshot_compute()
    change_the_directory_in(ROANNE, LYON)
    communes = list(
        TerritoryCommune.objects.filter(territory__level="commune")
        .exclude(commune_id__in=[ROANNE, LYON])
        .values_list("commune_id", flat=True)
    )
    # Told of other communes than the two that changed: only a full computation sees Roanne and Lyon.
    told = snapshot_compute(incremental=True, communes=communes[: len(communes) // 3 + 2])
    assert told.mode == "full"
    assert told.snapshot.based_on is None
    assert any("plus du tiers du référentiel" in line for line in told.lines())
    assert values_of(told.snapshot) == values_of(snapshot_compute().snapshot)
    # A few communes stay incremental.
    few = snapshot_compute(incremental=True, communes=[ROANNE, LYON])
    assert few.mode == "incremental"


def test_partial_computation_of_a_departement_equals_a_full_one(directory):
    snapshot_compute()
    change_the_directory_in(ROANNE, SAINT_ETIENNE)
    partial = snapshot_compute(territory_id="DEP-42")
    full = snapshot_compute().snapshot
    assert partial.mode == "incremental"
    assert values_of(partial.snapshot) == values_of(full)
    assert partial.territories < TerritoryCommune.objects.values("territory_id").distinct().count()


def test_partial_computation_needs_a_previous_snapshot(directory):
    with pytest.raises(ComputeError, match="Lancez d'abord un calcul complet"):
        snapshot_compute(territory_id="DEP-42")
    assert not Snapshot.objects.exists()


def test_incremental_falls_back_to_full_when_territories_change(directory):
    """A project territory created since the last snapshot makes the closure differ: full computation."""
    from maillage.territories.services import project_territory_import_csv  # noqa: PLC0415

    snapshot_compute()
    project_territory_import_csv(name="Roannais", kind="pays", csv_text="42187")
    result = snapshot_compute(incremental=True)
    assert result.mode == "full"
    assert "Calcul complet" in "\n".join(result.lines())
    rows = {r.indicator.key: r for r in territory_indicators(territory_get("TER-roannais"))}
    assert rows["structures_active"].value == 2


def test_python_and_sql_rollups_give_the_same_values(directory):
    by_sql = snapshot_compute(strategy="sql").snapshot
    by_python = snapshot_compute(strategy="python").snapshot
    assert values_of(by_sql) == values_of(by_python)
    assert len(values_of(by_sql)) > 100


def test_a_failed_computation_writes_nothing(directory):
    snapshot_compute()
    before = (Snapshot.objects.count(), IndicatorValue.objects.count())

    def broken(context):
        raise RuntimeError("mesure impossible")

    faulty = dataclasses.replace(INDICATORS[0], key="broken", compute=broken)
    with pytest.raises(RuntimeError, match="mesure impossible"):
        snapshot_compute(indicators=(*INDICATORS, faulty))
    assert (Snapshot.objects.count(), IndicatorValue.objects.count()) == before


def test_dry_run_writes_nothing_but_reports(directory):
    result = snapshot_compute(dry_run=True)
    assert result.values > 100
    assert "Simulation" in result.lines()[0]
    assert not Snapshot.objects.exists()
    assert not IndicatorValue.objects.exists()
