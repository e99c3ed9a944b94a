"""Measure the directory's list page with no result cache at all (issue 13, target 1), beside the old path.

For each query of issue 3's mix, a list page as `/structures/` does it before rendering (`parse_filters`,
`structure_facets`, `search_page` with the facets' total), the result cache disabled: every request is
what the first request after a write was. The mix runs in two fresh processes, one after the other in
the same run, each query measured in turn: **counted** (this code: facets from the counts the database
keeps when they answer, SQLite with its larger page cache and mmap) and **scan** (the previous path:
facets counted over the matching structures, SQLite's default page cache). On SQLite the scan runs on
`BENCH_BASELINE_DATABASE_URL` when given: a copy of the same data as main left it (no kept counts, no
statistics, the indexes SQLite lost); otherwise on the same database. `BENCH_MODES=counted,live` measures
instead, as the baseline, the counted path with the network facet probing every current membership (the
path before the kept network counts), and `BENCH_MODES=counted,previous` the path before the discipline
counts and the narrow page (ADR 27), `BENCH_MODES=counted,subquery` the path before PostgreSQL's full-text
match was a condition on the filtered rows (`fulltext.DIRECT_MATCH`), `BENCH_MODES=counted,widetext` the
path before PostgreSQL's text pages were ranked narrow (`search.NARROW_TEXT_ON_POSTGRES`),
`BENCH_MODES=counted,walked` the path before PostgreSQL found small results first
(`search.FOUND_FIRST_ON_POSTGRES`), `BENCH_MODES=counted,uncapped` the path before broad text searches
were counted over their first matches only and SQLite read text matches through a narrow index
(`search.CAPPED_TEXT`, `search_indexes.TEXT_INDEXES`), `BENCH_MODES=counted,ranked` the path before
SQLite found a broad text search's first page by relevance tier (`search_tiers.TIERED_PAGES_ON_SQLITE`,
ranking every match instead), `BENCH_MODES=counted,gathered` the path before SQLite read a broad text
search's first matches from the full-text index first (`search_facets.DRIVEN_BY_TEXT`); each page's
process CPU time is recorded beside its wall time. Three small results sorted by name or date
(`SMALL_SORTED`) and two broad words that no name starts with enough to fill a page (`THIRD_TIER`: the
third relevance tier) are measured beside the mix, not pooled with it.

Size: `BENCH_SIZE` (default 200,000 generated structures; `make bench BENCH_ARGS="bench_cold_search
--size 10000"`). Cost as work grows (target 6): `BENCH_SIZES`, e.g. `--sizes 10000,100000,200000`, measures
the mix at each size in turn, smallest first, topping the generated structures up between sizes
(`bench/generated.py`), and adds the pooled p95 of the mix per size.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.db import connection

from bench.generated import ensure_size, largest_network, settle
from maillage.structures.models import Structure

SIZE = int(os.environ.get("BENCH_SIZE", "200000"))
SIZES = sorted(int(size) for size in os.environ.get("BENCH_SIZES", "").split(",") if size.strip())
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
# The old path takes seconds a page on a loaded machine: fewer rounds (p95 is then the maximum).
BASELINE_ROUNDS = int(os.environ.get("BENCH_BASELINE_ROUNDS", "5"))
WORKER = Path(__file__).resolve().parent / "cold_search_worker.py"
# The code as it is, then the baseline: `scan` (facets counted over the matches), `live` (kept counts,
# network facet probed live) or `previous` (discipline searches counted over their matches, pages sorted
# whole: before ADR 27).
MODES = [mode.strip() for mode in os.environ.get("BENCH_MODES", "counted,scan").split(",") if mode.strip()]


def query_mix(largest_network: str) -> dict[str, dict[str, Any]]:
    """Issue 3's query mix and two territorial queries, by label."""
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


# Small results sorted by name or date, measured beside the mix (not pooled with it, so that the mix's
# p95 stays comparable with earlier runs): PostgreSQL walked the whole name or date index for them.
SMALL_SORTED: dict[str, dict[str, Any]] = {
    "discipline=livre-lecture + territoire=DEP-47": {"discipline": ["livre-lecture"], "territoire": "DEP-47"},
    "discipline=danse + territoire=DEP-72, tri=nom": {
        "discipline": ["danse"],
        "territoire": "DEP-72",
        "tri": "nom",
    },
    "q=strasbourg, tri=recent, page=3": {"q": "strasbourg", "tri": "recent", "page": "3"},
}
# Broad words whose first page needs the names containing them (`search_tiers`, third tier).
THIRD_TIER: dict[str, dict[str, Any]] = {"q=culture": {"q": "culture"}, "q=musique": {"q": "musique"}}


def _stats(durations: list[float]) -> dict[str, float]:
    ordered = sorted(durations)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
    }


def _worker(
    mode: str, queries: list[dict[str, Any]], database_url: str | None, rounds: int
) -> list[dict[str, Any]]:
    """Time every query in one fresh process (`cold_search_worker.py`); one result per query."""
    env = dict(os.environ)
    if database_url:
        env["DATABASE_URL"] = database_url
    completed = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [sys.executable, str(WORKER), mode, str(rounds), json.dumps(queries)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    lines = [json.loads(line) for line in completed.stdout.splitlines() if line.startswith("{")]
    results: list[dict[str, Any]] = [
        {
            "total": result["total"],
            "statements": result["statements"],
            "cpu_ms_per_page": result.get("cpu_ms"),
            **_stats(result["durations_ms"]),
            "durations_ms": result["durations_ms"],
        }
        for result in lines
    ]
    error = {"error": completed.stderr[-800:]} if completed.returncode else {}
    return results + [error] * (len(queries) - len(results))


def _measure(size: int, baseline_url: str | None) -> dict[str, Any]:
    """Bring the data to `size`, then time every query of the mix, counted beside scan."""
    figures: dict[str, Any] = {
        "size": size,
        "data": ensure_size(size),
        "load_average_before": os.getloadavg(),
    }
    settle()
    figures["data"].update(
        {"structures": Structure.objects.count(), "active": Structure.objects.filter(is_active=True).count()}
    )
    network = largest_network()
    connection.close()  # the settings' connection was made for this process; workers make their own
    figures["queries"] = {}
    pooled: dict[str, list[float]] = {mode: [] for mode in MODES}
    mix = query_mix(network) | SMALL_SORTED | THIRD_TIER
    measured = [
        _worker(
            mode,
            list(mix.values()),
            baseline_url if mode == "scan" else None,
            ROUNDS if i == 0 else BASELINE_ROUNDS,
        )
        for i, mode in enumerate(MODES)
    ]
    for position, (label, params) in enumerate(mix.items()):
        figures["queries"][label] = {"params": params}
        for mode, results in zip(MODES, measured, strict=True):
            result = results[position]
            durations = result.pop("durations_ms", [])
            if label not in SMALL_SORTED and label not in THIRD_TIER:
                pooled[mode].extend(durations)
            figures["queries"][label][mode] = result
    figures["load_average_during"] = os.getloadavg()
    figures["mix"] = {mode: _stats(durations) for mode, durations in pooled.items() if durations}
    figures["load_average_after"] = os.getloadavg()
    return figures


def run() -> dict[str, Any]:
    """Time the query mix with no result cache, the counted path beside the scan, at one size or several."""
    baseline_url = os.environ.get("BENCH_BASELINE_DATABASE_URL") if connection.vendor == "sqlite" else None
    head = {
        "baseline_database": "copy as main left it" if baseline_url else "same database",
        "rounds": {mode: ROUNDS if i == 0 else BASELINE_ROUNDS for i, mode in enumerate(MODES)},
    }
    if not SIZES:
        return {**_measure(SIZE, baseline_url), **head}
    # The growth table: every size in one run, the same machine, one after the other.
    sizes: dict[str, Any] = {}
    for size in SIZES:
        sizes[str(size)] = _measure(size, baseline_url)
        # Each size as soon as measured: a long run stopped midway keeps what it measured.
        print(json.dumps({"size": size, "mix": sizes[str(size)]["mix"]}), flush=True)
    return {**head, "sizes": sizes}
