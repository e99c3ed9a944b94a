"""Measure recomputing the indicators after 20 structures moved (issue 13, target 3), beside the old path.

On the database of bench_cold_search (`BENCH_SIZE` generated structures, the whole referential):

- **full**: every indicator for every territory (`snapshot_compute`), stored: the computations below
  start from it (the target: at most 2 minutes at 200,000 structures);
- **baseline**, the previous incremental path: `snapshot_compute(incremental=True)` measures every
  commune to find which changed, then copies the other territories' values (dry run);
- **communes given** (what importers now do): the same, told which communes the change touched (dry run);
- **edits**: `snapshot_amend`, what the background task runs after edits: the first edit of a month starts
  the month's snapshot (incremental from the touched communes, the rest copied), the next ones amend it in
  place (ROUNDS), on a later day of the month when there is one (ADR 33: before, the first edit of every
  day paid the copy).

- **reads** (ADR 35): a territory's indicators (`territory_indicators`, history included) and its
  children's (`child_values`) read from the month's snapshot, which shares the full snapshot's values for
  the territories it did not recompute, beside the same reads of the full snapshot (baseline): p50 over
  READS rounds, for France, a région, a département, an EPCI and a commune.

Each round moves 20 structures between Saint-Étienne and Lyon (raw updates: no task is queued), and
puts them back at the end.
"""

from __future__ import annotations

import datetime
import os
import statistics
import time
from typing import Any

from django.db import connection
from django.utils import timezone

from maillage.observatory.amend import EDITS_TRIGGER, same_month, snapshot_amend
from maillage.observatory.compute import snapshot_compute
from maillage.observatory.models import IndicatorValue, PendingCommune, Snapshot
from maillage.observatory.selectors import child_values, territory_indicators
from maillage.structures.models import Structure
from maillage.territories.models import Territory

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
MOVED = 20
SAINT_ETIENNE, LYON = "COM-42218", "COM-69123"
READS = int(os.environ.get("BENCH_READS", "15"))
# France, Auvergne-Rhône-Alpes, the Loire, Saint-Étienne Métropole (holders of the moved structures) and a
# département the edits did not touch.
READ_TERRITORIES = ("PAYS-99100", "REG-84", "DEP-42", "EPCI-244200770", "DEP-29", SAINT_ETIENNE)


def _move(from_commune: str, to_commune: str) -> list[int]:
    ids = list(
        Structure.objects.filter(commune_id=from_commune, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:MOVED]
    )
    Structure.objects.filter(pk__in=ids).update(commune_id=to_commune)
    return ids


def _timed(call: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return round(time.perf_counter() - start, 2), result


def _reads(shared: Snapshot, full: Snapshot) -> dict[str, Any]:
    """Time a territory's and its children's indicators read from a sharing snapshot and from a full one."""
    figures: dict[str, Any] = {"sharing_snapshot": shared.pk, "shares_values_of": shared.shares_values_of_id}
    for territory_id in READ_TERRITORIES:
        territory = Territory.objects.get(pk=territory_id)
        for name, snapshot in (("sharing", shared), ("full", full)):
            samples = []
            for _ in range(READS):
                start = time.perf_counter()
                territory_indicators(territory, snapshot)
                child_values(territory, "structures_active", snapshot)
                samples.append((time.perf_counter() - start) * 1000)
            figures[f"{territory_id}_{name}_p50"] = round(statistics.median(samples), 1)
    return figures


def run() -> dict[str, Any]:
    """Time the full, previous incremental, communes-given and amended computations after 20 moves."""
    figures: dict[str, Any] = {
        "vendor": connection.vendor,
        "structures": Structure.objects.count(),
        "load_average_before": os.getloadavg(),
        # Reads of one snapshot may cost more as the table holds more of them (ADR 34): say how many.
        "snapshots_in_table": Snapshot.objects.count(),
        "values_in_table": IndicatorValue.objects.count(),
    }
    # Stored, not a dry run: the incremental computations below start from it (an older snapshot, e.g.
    # the one computed when the reference data was loaded before the structures were generated, would
    # make them copy another directory's values).
    seconds, result = _timed(lambda: snapshot_compute(label="bench_incremental_indicators"))
    full = result.snapshot
    figures["full_s"] = seconds
    figures["full_values"] = result.values
    figures["load_after_full"] = os.getloadavg()[0]
    # The amended rounds need a day's edits snapshot to amend: not one from earlier runs of this bench.
    Snapshot.objects.filter(trigger=EDITS_TRIGGER).delete()
    PendingCommune.objects.all().delete()

    moved = _move(SAINT_ETIENNE, LYON)
    touched = [SAINT_ETIENNE, LYON]
    seconds, result = _timed(lambda: snapshot_compute(incremental=True, dry_run=True))
    figures["baseline_incremental_s"] = seconds
    figures["baseline_changed_communes"] = result.changed_communes
    seconds, result = _timed(lambda: snapshot_compute(incremental=True, communes=touched, dry_run=True))
    figures["communes_given_s"] = seconds
    figures["communes_given_values"] = result.values
    figures["load_after_baseline"] = os.getloadavg()[0]

    now = timezone.now()
    seconds, result = _timed(lambda: snapshot_amend(communes=touched, now=now))
    figures["edits_first_of_month_s"] = seconds
    figures["edits_first_of_month_mode"] = result.mode
    # A later day of the same month (the next, or the same day on the month's last one).
    later = now + datetime.timedelta(days=1)
    if not same_month(timezone.localdate(later), timezone.localdate(now)):
        later = now + datetime.timedelta(minutes=1)
    figures["amended_on"] = timezone.localdate(later).isoformat()
    amended = []
    for number in range(ROUNDS):
        back = number % 2 == 0
        _move(LYON, SAINT_ETIENNE) if back else _move(SAINT_ETIENNE, LYON)
        seconds, result = _timed(lambda: snapshot_amend(communes=touched, now=later))
        amended.append(seconds)
        figures.setdefault("amended_modes", []).append(result.mode)
        figures.setdefault("amended_territories", result.territories)
    figures["amended_s"] = amended
    figures["amended_median_s"] = round(statistics.median(amended), 2)
    figures["amended_max_s"] = max(amended)
    Structure.objects.filter(pk__in=moved).update(commune_id=SAINT_ETIENNE)
    figures["reads_ms"] = _reads(result.snapshot, full)
    figures["load_average_after"] = os.getloadavg()
    return figures
