"""A snapshot shares the values it did not recompute (ADR 35): read as if copied, never copied whole."""

import io

import pytest
from django.core.management import call_command
from django.db.models import ProtectedError

from maillage.observatory.amend import snapshot_amend
from maillage.observatory.compute import snapshot_compute
from maillage.observatory.models import IndicatorValue, Snapshot
from maillage.observatory.selectors import child_values, territory_indicators
from maillage.observatory.values import snapshot_values
from maillage.opendata.directory_rows import indicator_rows
from maillage.structures.models import Structure
from maillage.territories.enums import FRANCE_ID, Level
from maillage.territories.models import Territory, TerritoryCommune
from maillage.territories.selectors import territory_get
from tests.observatory.directory import LYON, ROANNE, SAINT_ETIENNE
from tests.observatory.test_edits import full_values, paris
from tests.observatory.test_snapshots import change_the_directory_in, values_of
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def own_rows(snapshot: Snapshot) -> int:
    return IndicatorValue.objects.filter(snapshot=snapshot).count()


def holders_of(*communes: str) -> set[str]:
    return set(
        TerritoryCommune.objects.filter(commune_id__in=communes).values_list("territory_id", flat=True)
    )


def test_the_first_edit_of_a_month_stores_only_what_it_recomputed(directory):
    base = snapshot_compute(taken_at=paris(2)).snapshot
    change_the_directory_in(ROANNE, LYON)
    edits = snapshot_amend(communes=[ROANNE, LYON], now=paris(5)).snapshot

    assert edits.shares_values_of == base
    held = set(
        IndicatorValue.objects.filter(
            snapshot=edits, indicator="structures_active", dimension=""
        ).values_list("territory_id", flat=True)
    )
    assert held == holders_of(ROANNE, LYON)  # the two communes and every territory holding them
    assert own_rows(edits) < own_rows(base) / 3
    assert edits.values_count == len(values_of(edits))
    # Read as a full computation of that day, on every page: the Loire's figures, its children, open data.
    assert values_of(edits) == full_values(paris(5))
    full = snapshot_compute(taken_at=paris(5)).snapshot
    for code in ("DEP-42", "DEP-69", FRANCE_ID):
        assert figures(code, edits) == figures(code, full)
    loire = territory_get("DEP-42")
    assert child_values(loire, "structures_active", edits) == child_values(loire, "structures_active", full)
    published = {tuple(row[:5]) for row in indicator_rows()}  # the full one, the latest
    full.delete()
    assert {tuple(row[:5]) for row in indicator_rows()} == published  # the edits, now the latest
    assert len(published) == edits.values_count


def figures(territory_id: str, snapshot: Snapshot) -> dict[str, tuple]:
    """Return what a territory's page shows of each indicator: value, parents, France, breakdown."""
    return {
        row.indicator.key: (row.value, [p.value for p in row.parents], row.france, row.breakdown)
        for row in territory_indicators(territory_get(territory_id), snapshot)
    }


def test_an_untouched_territory_keeps_its_history_point_at_each_snapshot(directory):
    snapshot_compute(taken_at=paris(2))
    StructureFactory.create(commune_id=LYON, association=True)
    edits = snapshot_amend(communes=[LYON], now=paris(9)).snapshot

    loire = {r.indicator.key: r for r in territory_indicators(territory_get("DEP-42"), edits)}
    assert "DEP-42" not in holders_of(LYON)
    assert loire["structures_active"].history == [(paris(2).date(), 6.0), (paris(9).date(), 6.0)]


def test_a_ratio_left_out_of_a_recomputed_territory_does_not_come_back_from_the_shared_one(region_pair):
    base, later, region, other = region_pair
    IndicatorValue.objects.create(snapshot=base, territory=region, indicator="structures_active", value=4)
    IndicatorValue.objects.create(
        snapshot=base, territory=region, indicator="ess_share_cultural", value=50, numerator=2, denominator=4
    )
    IndicatorValue.objects.create(snapshot=base, territory=other, indicator="structures_active", value=3)
    # Recomputed later: no structure left, so no share of employers (its denominator is zero).
    IndicatorValue.objects.create(snapshot=later, territory=region, indicator="structures_active", value=0)

    seen = set(snapshot_values(later).values_list("territory_id", "indicator", "value"))
    assert seen == {(region.id, "structures_active", 0), (other.id, "structures_active", 3)}


@pytest.fixture
def region_pair() -> tuple[Snapshot, Snapshot, Territory, Territory]:
    region, other = (
        Territory.objects.create(id=f"REG-{code}", level=Level.REGION, code=code, name=name, source="test")
        for code, name in (("84", "Auvergne-Rhône-Alpes"), ("11", "Île-de-France"))
    )
    base = Snapshot.objects.create(label="base", trigger="essai", is_complete=True)
    later = Snapshot.objects.create(label="après", trigger="essai", is_complete=True, shares_values_of=base)
    return base, later, region, other


def test_a_second_month_shares_the_same_base_and_copies_only_the_last_month_edits(directory):
    base = snapshot_compute(taken_at=paris(2)).snapshot
    change_the_directory_in(ROANNE, LYON)
    march = snapshot_amend(communes=[ROANNE, LYON], now=paris(31)).snapshot
    StructureFactory.create(commune_id=SAINT_ETIENNE, association=True, headcount_band="03")
    april = snapshot_amend(communes=[SAINT_ETIENNE], now=paris(1, month=4)).snapshot

    assert april.shares_values_of == base  # one level: never a chain of shared snapshots
    assert own_rows(april) < own_rows(base) / 3
    assert values_of(april) == full_values(paris(1, month=4))
    assert values_of(march) != values_of(april)


def test_past_a_third_of_the_shared_rows_the_next_snapshot_copies_everything(directory):
    base = snapshot_compute().snapshot
    change_the_directory_in(ROANNE, SAINT_ETIENNE)
    loire = snapshot_compute(territory_id="DEP-42").snapshot  # every commune of the Loire recomputed
    assert loire.shares_values_of == base
    assert own_rows(loire) > own_rows(base) / 3

    Structure.objects.filter(commune_id=LYON).update(is_active=False)
    after = snapshot_compute(incremental=True, communes=[LYON]).snapshot
    assert after.shares_values_of is None
    assert own_rows(after) == after.values_count
    assert values_of(after) == values_of(snapshot_compute().snapshot)


def test_a_shared_snapshot_outlives_retention_and_cannot_be_deleted_alone(directory):
    base = snapshot_compute(taken_at=paris(2)).snapshot
    StructureFactory.create(commune_id=LYON, association=True)
    edits = snapshot_amend(communes=[LYON], now=paris(9)).snapshot
    StructureFactory.create(commune_id=ROANNE, association=True)
    snapshot_amend(communes=[ROANNE], now=paris(3, month=4))  # April shares the base too

    out = io.StringIO()
    call_command("prune_snapshots", keep=0, stdout=out)  # only the yearly one (April) is due to stay

    assert set(Snapshot.objects.values_list("id", flat=True)) == {base.pk, latest_id()}
    assert "dont ils partagent les valeurs" in out.getvalue()
    assert not Snapshot.objects.filter(pk=edits.pk).exists()
    with pytest.raises(ProtectedError):
        base.delete()


def latest_id() -> int:
    return Snapshot.objects.order_by("-taken_at").values_list("id", flat=True)[0]


def test_a_whole_comparison_reads_what_the_previous_snapshot_shares(directory):
    """An import that does not name its communes compares every commune with a sharing snapshot's values."""
    snapshot_compute(taken_at=paris(2))
    StructureFactory.create(commune_id=LYON, association=True)
    edits = snapshot_amend(communes=[LYON], now=paris(9)).snapshot
    assert edits.shares_values_of is not None
    StructureFactory.create(commune_id=ROANNE, association=True)

    imported = snapshot_compute(incremental=True, trigger="import sirene #2", taken_at=paris(10))
    assert imported.changed_communes == 1  # Roanne; Lyon, read from the edits' own rows, did not change
    assert imported.snapshot.shares_values_of == edits.shares_values_of
    assert values_of(imported.snapshot) == full_values(paris(10))


def test_the_python_roll_up_reads_the_shared_values_too(directory):
    snapshot_compute(taken_at=paris(2))
    StructureFactory.create(commune_id=LYON, association=True)
    snapshot_amend(communes=[LYON], now=paris(9))
    StructureFactory.create(commune_id=ROANNE, association=True)

    by_python = snapshot_compute(incremental=True, communes=[ROANNE], strategy="python", taken_at=paris(10))
    assert by_python.snapshot.shares_values_of is not None
    assert values_of(by_python.snapshot) == full_values(paris(10))
