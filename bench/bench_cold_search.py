"""Measure the directory's list page with no result cache at all (issue 13, target 1), beside the old path.

For each query of issue 3's mix, a list page as `/structures/` does it before rendering (`parse_filters`,
`structure_facets`, `search_page` with the facets' total), the result cache disabled: every request is
what the first request after a write was. Each query runs in two fresh processes, one after the other
in the same run: **counted** (this code: facets from the counts the database keeps when they answer,
SQLite with its larger page cache and mmap) and **scan** (the previous path: facets counted over the
matching structures, SQLite's default page cache). On SQLite the scan runs on
`BENCH_BASELINE_DATABASE_URL` when given: a copy of the same data as main left it (no kept counts, no
statistics, the indexes SQLite lost); otherwise on the same database.

Size: `BENCH_SIZE` (default 200,000 generated structures; `make bench BENCH_ARGS="bench_cold_search
--size 10000"`); the generated structures are replaced when their number differs.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import Count

from maillage.structures.enums import RelationKind
from maillage.structures.generator import (
    delete_generated_structures,
    generate_structures,
    generated_structures,
)
from maillage.structures.models import Relation, Structure

SIZE = int(os.environ.get("BENCH_SIZE", "200000"))
SEED = 2026
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
# The old path takes seconds a page on a loaded machine: fewer rounds (p95 is then the maximum).
BASELINE_ROUNDS = int(os.environ.get("BENCH_BASELINE_ROUNDS", "5"))
WORKER = Path(__file__).resolve().parent / "cold_search_worker.py"


def _queries(largest_network: str) -> dict[str, dict[str, Any]]:
    return {
        "France, sans recherche": {},
        "q=theatre": {"q": "theatre"},
        "q=musiques actuelles": {"q": "musiques actuelles"},
        "q=compagnie + territoire=DEP-42": {"q": "compagnie", "territoire": "DEP-42"},
        "territoire=REG-84": {"territoire": "REG-84"},
        "discipline=musique": {"discipline": ["musique"]},
        "discipline=spectacle-vivant + theatre": {"discipline": ["spectacle-vivant", "theatre"]},
        "discipline=danse + territoire=REG-84": {"discipline": ["danse"], "territoire": "REG-84"},
        f"reseau={largest_network}": {"reseau": largest_network},
        "q=coop (préfixe)": {"q": "coop"},
        "famille=cooperative_scop": {"famille": ["cooperative_scop"]},
        "territoire=DEP-42": {"territoire": "DEP-42"},
        "territoire=COM-69123 (Lyon)": {"territoire": "COM-69123"},
    }


def _stats(durations: list[float]) -> dict[str, float]:
    ordered = sorted(durations)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
    }


def _worker(mode: str, params: dict[str, Any], database_url: str | None, rounds: int) -> dict[str, Any]:
    env = dict(os.environ)
    if database_url:
        env["DATABASE_URL"] = database_url
    completed = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [sys.executable, str(WORKER), mode, str(rounds), json.dumps(params)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if completed.returncode != 0:
        return {"error": completed.stderr[-800:]}
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    return {
        "total": result["total"],
        "statements": result["statements"],
        "cpu_ms_per_page": result.get("cpu_ms"),
        **_stats(result["durations_ms"]),
        "load_1min": round(os.getloadavg()[0], 2),
    }


def _ensure_data() -> dict[str, Any]:
    present = generated_structures().count()
    if present == SIZE:
        return {"generated_now": False}
    start = time.perf_counter()
    delete_generated_structures()
    generate_structures(count=SIZE, seed=SEED)
    return {"generated_now": True, "generation_s": round(time.perf_counter() - start, 1)}


def _settle() -> None:
    """Statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) keeps them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in (
                "structures_structure",
                "structures_structure_disciplines",
                "structures_relation",
                "structures_facetcount",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            for table in ("structures_structure", "structures_structure_disciplines", "structures_relation"):
                cursor.execute(f"ANALYZE {table}")


def run() -> dict[str, Any]:
    """Time the query mix with no result cache, the counted path beside the scan, query by query."""
    figures: dict[str, Any] = {"size": SIZE, "data": _ensure_data(), "load_average_before": os.getloadavg()}
    # The settings' connection was made for this process; workers make their own.
    _settle()
    largest = (
        Relation.objects.filter(kind=RelationKind.MEMBER_OF, end_date=None)
        .values("target__slug")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    figures["data"].update(
        {"structures": Structure.objects.count(), "active": Structure.objects.filter(is_active=True).count()}
    )
    baseline_url = os.environ.get("BENCH_BASELINE_DATABASE_URL") if connection.vendor == "sqlite" else None
    figures["baseline_database"] = "copy as main left it" if baseline_url else "same database"
    figures["rounds"] = {"counted": ROUNDS, "scan": BASELINE_ROUNDS}
    connection.close()
    figures["queries"] = {}
    for label, params in _queries(largest["target__slug"] if largest else "").items():
        figures["queries"][label] = {
            "params": params,
            "counted": _worker("counted", params, None, ROUNDS),
            "scan": _worker("scan", params, baseline_url, BASELINE_ROUNDS),
        }
    figures["load_average_after"] = os.getloadavg()
    return figures
