"""Time the printing of the PDF diagnostic (issue 13, target 2): France and every région, beside the old way.

What the background task does (`render_pdf`: the report rendered for an anonymous visitor, then
WeasyPrint), on the latest snapshot of the database (bench_incremental_indicators computes one):

- **capped**: this code: long tables (networks, subdivisions) cut at `PDF_TABLE_ROWS` rows with a link
  to their CSV, the map drawn once per snapshot and read from the storage afterwards;
- **baseline**, same run: every row printed and the map drawn again for each PDF (as before).

France: ROUNDS capped and BASELINE_ROUNDS baseline; every région once capped (the target is the slowest);
the baseline for the two régions with the most networks.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from django.core.files.storage import default_storage

from maillage.observatory.documents import map_path
from maillage.observatory.selectors import latest_snapshot
from maillage.territories.enums import Level
from maillage.territories.models import Territory
from maillage.www.territories import page
from maillage.www.territories.dashboard import build_dashboard
from maillage.www.territories.report import render_pdf

ROUNDS = int(os.environ.get("BENCH_PDF_ROUNDS", "3"))
BASELINE_ROUNDS = int(os.environ.get("BENCH_PDF_BASELINE_ROUNDS", "2"))
FRANCE = "PAYS-99100"


def _print(territory: Territory, *, capped: bool) -> tuple[float, int]:
    snapshot = latest_snapshot()
    cap = page.PDF_TABLE_ROWS
    if not capped:
        page.PDF_TABLE_ROWS = 10**9
        if snapshot is not None and default_storage.exists(map_path(territory.id, snapshot.pk)):
            default_storage.delete(map_path(territory.id, snapshot.pk))
    try:
        start = time.perf_counter()
        dashboard = build_dashboard(territory, snapshot=snapshot, latest=False)
        pdf = render_pdf(dashboard)
        return round(time.perf_counter() - start, 2), len(pdf)
    finally:
        page.PDF_TABLE_ROWS = cap


def _series(territory: Territory, rounds: int, *, capped: bool) -> dict[str, Any]:
    runs = [_print(territory, capped=capped) for _ in range(rounds)]
    seconds = [s for s, _ in runs]
    return {
        "seconds": seconds,
        "median_s": round(statistics.median(seconds), 2),
        "max_s": max(seconds),
        "bytes": runs[-1][1],
        "load_1min": round(os.getloadavg()[0], 2),
    }


def run() -> dict[str, Any]:
    """Print France and every région, capped, and the baseline beside them."""
    snapshot = latest_snapshot()
    if snapshot is None:
        raise SystemExit("bench_pdf_diagnostic needs a snapshot: run bench_incremental_indicators first")
    figures: dict[str, Any] = {
        "snapshot": snapshot.pk,
        "snapshot_values": snapshot.values_count,
        "pdf_table_rows": page.PDF_TABLE_ROWS,
        "load_average_before": os.getloadavg(),
    }
    france = Territory.objects.get(id=FRANCE)
    _print(france, capped=True)  # WeasyPrint and its fonts loaded once, as in a running worker
    figures["france"] = {
        "capped": _series(france, ROUNDS, capped=True),
        "baseline": _series(france, BASELINE_ROUNDS, capped=False),
    }
    regions = {}
    for region in Territory.objects.filter(level=Level.REGION, is_current=True).order_by("id"):
        regions[region.id] = _series(region, 1, capped=True)
    figures["regions_capped"] = regions
    figures["regions_capped_max_s"] = max(r["max_s"] for r in regions.values())
    figures["regions_baseline"] = {
        rid: _series(Territory.objects.get(id=rid), 1, capped=False) for rid in ("REG-84", "REG-11")
    }
    figures["load_average_after"] = os.getloadavg()
    return figures
