"""Measure territory search and the territory API on the whole referential, beside a naive baseline."""

import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.test import Client

from maillage.territories.enums import Level
from maillage.territories.models import Territory
from maillage.territories.search import search_territories

QUERIES = [
    "saint etienne",
    "st etienne",
    "42000",
    "42218",
    "loire",
    "lyon",
    "marseille",
    "paris",
    "saint",
    "bo",
]
ROUNDS = 30


def _timings(call: Callable[[], Any]) -> dict[str, float]:
    durations = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        call()
        durations.append(time.perf_counter() - start)
    durations.sort()
    return {
        "p50_ms": round(statistics.median(durations) * 1000, 2),
        "p95_ms": round(durations[int(len(durations) * 0.95) - 1] * 1000, 2),
    }


def _naive(query: str) -> list[Territory]:
    """Return the simplest thing that could work: an unranked, accent-sensitive `icontains`."""
    return list(Territory.objects.filter(name__icontains=query)[:10])


def run() -> dict[str, Any]:
    """Time each query with the ranked search, the naive baseline and through the API."""
    client = Client(HTTP_HOST="localhost")
    figures: dict[str, Any] = {
        "communes": Territory.objects.filter(level=Level.COMMUNE, is_current=True).count(),
        "territories": Territory.objects.count(),
        "rounds": ROUNDS,
        "queries": {},
    }
    for query in QUERIES:
        figures["queries"][query] = {
            "search": _timings(partial(search_territories, query, limit=10)),
            "baseline_icontains": _timings(partial(_naive, query)),
            "api": _timings(partial(client.get, "/api/v1/territoires", {"q": query})),
        }
    figures["api_detail_COM-42218"] = _timings(lambda: client.get("/api/v1/territoires/COM-42218"))
    figures["page_REG-84"] = _timings(lambda: client.get("/territoires/REG-84/"))
    return figures
