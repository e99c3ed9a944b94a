"""Measure the structure list API filtered and sorted by quality score, beside the unfiltered list.

On BENCH_SIZE generated structures (200,000 by default; `bench/generated.py` tops them up): the time to
score them all (`score_refresh_all`, what `manage.py quality_recompute` does), then for each request of a
mix the server-side time of `GET /api/v1/structures` through Django's test client (p50/p95 of ROUNDS calls
after one warm-up) and its SQL statements. The baseline is the same list without the quality parameters,
measured in the same run; `curseur` pages read the list deep without an OFFSET scan.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench.generated import ensure_size, settle
from maillage.quality.models import RecordScore
from maillage.quality.services import score_refresh_all
from maillage.structures.search import result_cache

ROUNDS = 20
URL = "/api/v1/structures"


def _mix(median: int, high: int) -> dict[str, dict[str, str]]:
    """Return the requests: minima at the median score (half the list) and at the 90th percentile."""
    return {
        "référence : sans filtre": {},
        f"score_qualite_minimum={median} (médiane)": {"score_qualite_minimum": str(median)},
        f"score_qualite_minimum={high} (9e décile)": {"score_qualite_minimum": str(high)},
        "tri=score_qualite": {"tri": "score_qualite"},
        f"score_qualite_minimum={median} + territoire=REG-84": {
            "score_qualite_minimum": str(median),
            "territoire": "REG-84",
        },
        f"score_qualite_minimum={median} + q=theatre": {"score_qualite_minimum": str(median), "q": "theatre"},
        "référence : curseur, première page": {"curseur": ""},
        f"score_qualite_minimum={median} + curseur": {"score_qualite_minimum": str(median), "curseur": ""},
    }


def _quantile(share: float) -> int:
    scores = RecordScore.objects.filter(model="structures.structure")
    position = int(scores.count() * share)
    row = scores.order_by("score").values_list("score", flat=True)[position : position + 1]
    return int(row[0]) if row else 0


def _timed(client: Client, params: dict[str, str]) -> dict[str, Any]:
    result_cache.clear()
    client.get(URL, params)  # warm the statements and pages, as a running site would be
    durations = []
    for _ in range(ROUNDS):
        result_cache.clear()  # the first request after a write: nothing cached
        start = time.perf_counter()
        response = client.get(URL, params)
        durations.append(time.perf_counter() - start)
    durations.sort()
    result_cache.clear()
    with CaptureQueriesContext(connection) as queries:
        body = client.get(URL, params).json()
    return {
        "params": params,
        "status": response.status_code,
        "total": body.get("total"),
        "statements": len(queries),
        "p50_ms": round(statistics.median(durations) * 1000, 1),
        "p95_ms": round(durations[max(0, int(len(durations) * 0.95) - 1)] * 1000, 1),
    }


def run() -> dict[str, Any]:
    """Generate and score the structures if needed, then time the list with and without the score."""
    size = int(os.environ.get("BENCH_SIZE", "200000"))
    figures: dict[str, Any] = {"data": ensure_size(size), "load_average_before": os.getloadavg()}
    start = time.perf_counter()
    counts = score_refresh_all()
    figures["score_all"] = {"counts": counts, "seconds": round(time.perf_counter() - start, 1)}
    settle()
    figures["scores"] = RecordScore.objects.filter(model="structures.structure").count()
    median, high = _quantile(0.5), _quantile(0.9)
    figures["score_quantiles"] = {"p10": _quantile(0.1), "p50": median, "p90": high}
    client = Client(HTTP_HOST="localhost")
    # The API's rate limit protects the site from one address; the bench is that one address.
    with override_settings(API_SEARCH_RATE="100000/m"):
        figures["requests"] = {label: _timed(client, params) for label, params in _mix(median, high).items()}
    figures["rounds"] = ROUNDS
    figures["load_average_after"] = os.getloadavg()
    return figures
