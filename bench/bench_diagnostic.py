"""Measure the pages of the observatory on 200,000 structures and 10 yearly snapshots: dashboards and PDF.

- The dashboard page `/territoires/<id>/`, whole request through Django's test client (selectors,
  charts, choropleth legend, tables, template), for France, a région, a département, an EPCI and a
  commune: p50/p95 over 20 rounds after a warm-up.
- The diagnostic: `/territoires/<id>/diagnostic.pdf` for REG-84 and France, the first one in the process
  (WeasyPrint and its fonts loading) and then 5 rounds; beside it, in the same run, the baseline of the
  same report as HTML (`/diagnostic/`), so that the cost of the PDF rendering itself shows.

Data: the same database as bench_observatory (structures of seed 2026, its fictitious SIRENE run, its
ten yearly snapshots); missing pieces are made by bench_observatory's own functions.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from django.test import Client

from bench import bench_observatory as observatory
from maillage.observatory.models import Snapshot
from maillage.territories.enums import Level
from maillage.territories.models import Territory

PAGES = ("PAYS-99100", "REG-84", "DEP-42", "EPCI-244200770", "COM-42218")
REPORTS = ("REG-84", "PAYS-99100")
ROUNDS = 20
PDF_ROUNDS = 5


def _time(client: Client, path: str) -> float:
    start = time.perf_counter()
    _get(client, path)
    return (time.perf_counter() - start) * 1000


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, round(0.95 * len(ordered)) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
    }


def _get(client: Client, path: str) -> Any:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return response


def _ensure_snapshots() -> dict[str, Any]:
    if Snapshot.objects.filter(trigger=observatory.BENCH_TRIGGER).count() >= observatory.YEARS:
        return {"computed_now": False}
    start = time.perf_counter()
    observatory.computations()
    return {"computed_now": True, "seconds": round(time.perf_counter() - start, 1)}


def run() -> dict[str, Any]:
    """Prepare the data if needed, then time the dashboards, the PDF diagnostics and their HTML baseline."""
    if Territory.objects.filter(level=Level.COMMUNE).count() < 30_000:
        raise SystemExit("bench_diagnostic needs the whole referential: manage.py import_territoires")
    figures: dict[str, Any] = {
        "structures": observatory.ensure_structures(),
        "sirene_count_rows": observatory.ensure_sirene_counts(),
        "snapshots": _ensure_snapshots(),
    }
    observatory.settle()
    figures["load_average_before"] = os.getloadavg()
    client = Client()
    dashboards: dict[str, Any] = {}
    for territory_id in PAGES:
        path = f"/territoires/{territory_id}/"
        size = len(_get(client, path).content)  # warm-up
        dashboards[territory_id] = {
            **_stats([_time(client, path) for _ in range(ROUNDS)]),
            "bytes": size,
        }
    figures["dashboard_page"] = dashboards
    reports: dict[str, Any] = {}
    for territory_id in REPORTS:
        pdf_path = f"/territoires/{territory_id}/diagnostic.pdf"
        html_path = f"/territoires/{territory_id}/diagnostic/"
        first = _time(client, pdf_path)
        pdf = [_time(client, pdf_path) for _ in range(PDF_ROUNDS)]
        html = [_time(client, html_path) for _ in range(PDF_ROUNDS)]
        reports[territory_id] = {
            "pdf_first_ms": round(first, 1),
            "pdf": _stats(pdf),
            "pdf_bytes": len(_get(client, pdf_path).content),
            "baseline_html": _stats(html),
        }
    figures["diagnostic"] = reports
    figures["load_average_after"] = os.getloadavg()
    return figures
