"""Measure the observatory on 200,000 generated structures and 10 yearly snapshots, beside a naive baseline.

- Full recomputation of every indicator for every territory (`snapshot_compute`, roll-up in SQL), once
  per year over ten years (the ten snapshots the reads then go through), with the time of each phase;
  the same computation with the roll-up in Python, and an incremental one after a small change (both as
  dry runs, so that they leave no snapshot).
- Dashboard data, server side: `territory_indicators` (values, parents, France, breakdowns, history over
  the ten snapshots) for France, a région, a département, an EPCI and a commune, and `child_values` for
  the map; the whole API request `GET /api/v1/territoires/<id>/indicateurs` too. p50/p95 over 30 rounds.
- Baseline, measured in the same run: the naive per-territory loop (one ORM query per indicator for each
  territory, through the closure), timed on a sample of each level and extrapolated to every territory;
  its time for one territory is also what a dashboard computing live would take.

Data: the whole referential must be loaded (`import_territoires`); the structures come from
`generate_structures` (seed 2026, as bench_structure_search: the same database serves both); SIRENE's
cultural counts are drawn per commune from its population (a fictitious applied run), since a generated
SIRENE import would also create structures.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, Subquery, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.imports.sirene.models import SireneCulturalCount
from maillage.observatory.compute import snapshot_compute
from maillage.observatory.measures import COOPERATION_KINDS, NETWORK_KINDS, counted
from maillage.observatory.models import IndicatorValue, Snapshot
from maillage.observatory.selectors import child_values, territory_indicators
from maillage.structures.enums import RelationKind
from maillage.structures.generated import delete_generated_structures, generated_structures
from maillage.structures.generator import generate_structures
from maillage.structures.models import Relation, Structure
from maillage.territories.enums import Level
from maillage.territories.models import Territory, TerritoryCommune
from maillage.territories.selectors import territory_get

TARGET = int(os.environ.get("BENCH_OBSERVATORY_STRUCTURES", "200000"))
SEED = 2026
YEARS = 10
ROUNDS = 30
BENCH_TRIGGER = "bench_observatory"
READ_TERRITORIES = ("PAYS-99100", "REG-84", "DEP-42", "EPCI-244200770", "COM-42218")
# Territories of each level timed with the naive loop, then extrapolated to the level's count.
BASELINE_SAMPLE = {Level.PAYS: 1, Level.REGION: 3, Level.DEPARTEMENT: 5, Level.EPCI: 10, Level.COMMUNE: 40}


def _timings(call: Callable[[], Any], rounds: int = ROUNDS) -> dict[str, float]:
    call()  # warm caches, as a running site would be
    durations = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        durations.append(time.perf_counter() - start)
    durations.sort()
    return {
        "p50_ms": round(statistics.median(durations) * 1000, 1),
        "p95_ms": round(durations[max(0, int(len(durations) * 0.95) - 1)] * 1000, 1),
        "max_ms": round(durations[-1] * 1000, 1),
    }


# --- Data ---------------------------------------------------------------------------------------------


def ensure_structures() -> dict[str, Any]:
    if generated_structures(SEED).count() == TARGET:
        return {"generated_now": False}
    start = time.perf_counter()
    delete_generated_structures()
    generate_structures(count=TARGET, seed=SEED)
    return {"generated_now": True, "generation_s": round(time.perf_counter() - start, 1)}


@transaction.atomic
def ensure_sirene_counts() -> int:
    """Write a fictitious applied SIRENE run: about one cultural establishment per 250 inhabitants."""
    run = ImportRun.objects.filter(kind=ImportKind.SIRENE, file_name=BENCH_TRIGGER).first()
    if run is not None:
        return run.sirene_counts.count()
    run = ImportRun.objects.create(
        kind=ImportKind.SIRENE, status=ImportStatus.APPLIED, file_name=BENCH_TRIGGER
    )
    rng = random.Random(SEED)  # noqa: S311 (test data)
    counts = []
    communes = Territory.objects.filter(level=Level.COMMUNE, is_current=True).values_list("id", "population")
    for commune_id, population in communes:
        for naf in ("90.01Z", "90.02Z", "59.14Z", "91.02Z", "85.52Z"):
            total = rng.randint(0, max(1, (population or 0) // 1250))
            ess = round(total * rng.uniform(0.15, 0.45))
            for is_ess, n in ((True, ess), (False, total - ess)):
                if n:
                    counts.append(
                        SireneCulturalCount(
                            run=run, commune_id=commune_id, naf_code=naf, is_ess=is_ess, establishments=n
                        )
                    )
    SireneCulturalCount.objects.bulk_create(counts, batch_size=5000)
    return len(counts)


def settle() -> None:
    """Refresh the planner's statistics after bulk loads (autovacuum's job on a running site)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("structures_structure", "structures_relation", "observatory_indicatorvalue"):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


def _sizes() -> dict[str, Any]:
    sizes: dict[str, Any] = {
        "structures": Structure.objects.count(),
        "structures_counted": Structure.objects.filter(counted()).count(),
        "relations": Relation.objects.count(),
        "communes": Territory.objects.filter(level=Level.COMMUNE, is_current=True).count(),
        "territories_with_closure": TerritoryCommune.objects.values("territory_id").distinct().count(),
        "closure_rows": TerritoryCommune.objects.count(),
        "project_territories": Territory.objects.filter(level=Level.PROJET).count(),
        "sirene_count_rows": SireneCulturalCount.objects.count(),
    }
    if connection.vendor == "sqlite":
        path = Path(str(settings.DATABASES["default"]["NAME"]))
        sizes["database_mb"] = round(path.stat().st_size / 1e6, 1) if path.exists() else None
    return sizes


# --- Computation ------------------------------------------------------------------------------------------


def _phases(messages: list[tuple[float, str]]) -> dict[str, float]:
    """Turn the progress messages into the duration of each phase."""
    phases: dict[str, float] = {}
    previous = 0.0
    for at, message in messages:
        name = message.split("] ", 1)[-1].split(" (")[0].split(" :")[0]
        phases[name] = round(phases.get(name, 0.0) + at - previous, 2)
        previous = at
    return phases


def _compute(**options: Any) -> dict[str, Any]:
    messages: list[tuple[float, str]] = []
    start = time.perf_counter()
    result = snapshot_compute(
        trigger=BENCH_TRIGGER, progress=lambda m: messages.append((time.perf_counter() - start, m)), **options
    )
    return {
        "seconds": round(time.perf_counter() - start, 2),
        "mode": result.mode,
        "territories": result.territories,
        "values": result.values,
        "changed_communes": result.changed_communes,
        "phases_s": _phases(messages),
    }


def computations() -> dict[str, Any]:
    # Values first, in one DELETE (no dependants): the ORM's cascade would load millions of rows.
    IndicatorValue.objects.filter(snapshot__trigger=BENCH_TRIGGER).delete()
    Snapshot.objects.filter(trigger=BENCH_TRIGGER).delete()
    now = timezone.now()
    yearly = []
    for years_ago in range(YEARS - 1, -1, -1):
        taken_at = now.replace(year=now.year - years_ago, month=1, day=15) if years_ago else now
        yearly.append(_compute(label=f"bench {taken_at:%Y}", taken_at=taken_at))
    figures: dict[str, Any] = {"full_sql_yearly": yearly}
    seconds = [y["seconds"] for y in yearly]
    figures["full_sql_s"] = {"min": min(seconds), "median": statistics.median(seconds), "max": max(seconds)}
    figures["full_python_dry_run"] = _compute(label="bench python", strategy="python", dry_run=True)
    figures["full_sql_dry_run"] = _compute(label="bench sql", dry_run=True)
    figures["incremental_after_small_change"] = _incremental()
    figures["partial_dep_42_dry_run"] = _compute(label="bench partiel", territory_id="DEP-42", dry_run=True)
    return figures


def _incremental() -> dict[str, Any]:
    """Move 20 structures of Saint-Étienne to Lyon, time an incremental computation, then move them back."""
    moved = list(
        Structure.objects.filter(counted(), commune_id="COM-42218")
        .order_by("pk")
        .values_list("pk", flat=True)[:20]
    )
    Structure.objects.filter(pk__in=moved).update(commune_id="COM-69123")
    try:
        return {
            "moved_structures": len(moved),
            **_compute(label="bench incrémental", incremental=True, dry_run=True),
        }
    finally:
        Structure.objects.filter(pk__in=moved).update(commune_id="COM-42218")


# --- Reads ------------------------------------------------------------------------------------------------


def _dashboard_data(territory_id: str) -> Any:
    return territory_indicators(territory_get(territory_id))


def _map_data(territory_id: str) -> Any:
    return child_values(territory_get(territory_id), "structures_per_10k")


def _reads() -> dict[str, Any]:
    client = Client(HTTP_HOST="localhost")
    figures: dict[str, Any] = {}
    for territory_id in READ_TERRITORIES:
        with CaptureQueriesContext(connection) as queries:
            rows = territory_indicators(territory_get(territory_id))
        statements = len(queries)  # now: a request resets the connection's query log
        url = f"/api/v1/territoires/{territory_id}/indicateurs"
        response = client.get(url)
        figures[territory_id] = {
            "territory_indicators": _timings(partial(_dashboard_data, territory_id)),
            "queries": statements,
            "history_points": len(rows[0].history),
            "breakdown_rows": sum(len(r.breakdown) for r in rows),
            "api": _timings(partial(client.get, url)),
            "api_status": response.status_code,
            "api_bytes": len(response.content),
            "child_values": _timings(partial(_map_data, territory_id)),
        }
    return figures


# --- Baseline: the naive per-territory loop ---------------------------------------------------------------


def _naive_territory(territory: Territory, on: datetime.date) -> int:
    """Compute every indicator of one territory with one ORM query each; return the number of values."""
    communes = TerritoryCommune.objects.filter(territory_id=territory.id).values("commune_id")
    active = Structure.objects.filter(counted(), commune_id__in=Subquery(communes))
    every = Structure.objects.filter(counted(active_only=False), commune_id__in=Subquery(communes))
    values: list[Any] = [active.count()]
    for field in ("ess_family", "kind", "headcount_band", "disciplines__parent__slug"):
        values += list(active.values(field).annotate(n=Count("id", distinct=True)))
    values += list(every.filter(founded_on__isnull=False).values("founded_on__year").annotate(n=Count("id")))
    values += list(every.filter(closed_on__isnull=False).values("closed_on__year").annotate(n=Count("id")))
    current = (Q(end_date__isnull=True) | Q(end_date__gte=on)) & (
        Q(start_date__isnull=True) | Q(start_date__lte=on)
    )
    ids = active.values("pk")
    values.append(
        Relation.objects.filter(current, kind__in=COOPERATION_KINDS)
        .filter(Q(source_id__in=ids) | Q(target_id__in=ids))
        .count()
    )
    values += list(
        Relation.objects.filter(
            current, kind=RelationKind.MEMBER_OF, target__kind__in=NETWORK_KINDS, source_id__in=ids
        )
        .values("target_id")
        .annotate(n=Count("source_id", distinct=True))
    )
    values.append(
        SireneCulturalCount.objects.filter(
            run=ImportRun.objects.filter(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED).latest(
                "started_at"
            ),
            commune_id__in=Subquery(communes),
        ).aggregate(ess=Sum("establishments", filter=Q(is_ess=True)), total=Sum("establishments"))
    )
    return len(values)


def _baseline() -> dict[str, Any]:
    rng = random.Random(SEED)  # noqa: S311 (a sample, not a secret)
    on = timezone.localdate()
    figures: dict[str, Any] = {}
    total = 0.0
    for level, size in BASELINE_SAMPLE.items():
        ids = list(
            TerritoryCommune.objects.filter(territory__level=level)
            .values_list("territory_id", flat=True)
            .distinct()
            .order_by("territory_id")
        )
        sample = rng.sample(ids, min(size, len(ids)))
        durations = []
        for territory in Territory.objects.filter(id__in=sample):
            start = time.perf_counter()
            _naive_territory(territory, on)
            durations.append(time.perf_counter() - start)
        mean = statistics.mean(durations)
        total += mean * len(ids)
        figures[str(level)] = {
            "territories": len(ids),
            "sampled": len(sample),
            "mean_ms": round(mean * 1000, 1),
            "max_ms": round(max(durations) * 1000, 1),
        }
    projects = (
        TerritoryCommune.objects.filter(territory__level=Level.PROJET)
        .values("territory_id")
        .distinct()
        .count()
    )
    figures["all_territories_extrapolated_s"] = round(total, 1)
    figures["project_territories_not_sampled"] = projects
    return figures


def run() -> dict[str, Any]:
    """Prepare the data, time ten yearly full computations, the reads and the naive baseline."""
    if Territory.objects.filter(level=Level.COMMUNE).count() < 30_000:
        raise SystemExit("bench_observatory needs the whole referential: manage.py import_territoires")
    figures: dict[str, Any] = {
        "structures": ensure_structures(),
        "sirene_count_rows": ensure_sirene_counts(),
    }
    settle()
    figures["load_average_before"] = os.getloadavg()
    figures["sizes"] = _sizes()
    figures["computations"] = computations()
    settle()
    figures["indicator_values"] = {
        "rows": IndicatorValue.objects.count(),
        "snapshots": Snapshot.objects.filter(trigger=BENCH_TRIGGER).count(),
        "per_snapshot": list(
            Snapshot.objects.filter(trigger=BENCH_TRIGGER)
            .order_by("taken_at")
            .values_list("values_count", flat=True)
        ),
    }
    figures["sizes_after"] = _sizes()
    figures["reads"] = _reads()
    figures["baseline_naive_loop"] = _baseline()
    figures["load_average_after"] = os.getloadavg()
    return figures
