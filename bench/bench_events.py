"""Measure the agenda of France on 100,000 generated events, filtered by territory and dates.

For a mix of agenda queries (France, a région, a département, an EPCI, a commune, each over a span of
dates, with and without a type): the server-side time of one list page (the filters parsed, the page of
20 events with their communes and organisers, and the total), its p50 and p95 over ROUNDS calls, and
the SQL statements a whole request to /evenements/ takes. Two baselines in the same run: the selector
before the span bound (the range bounded by the last day and the first day only), and what a first
version would do: a JOIN through the commune closure with DISTINCT, instead of the IN sub-query.

The events are generated (seed 2026, titles « Événement généré n », source_id « bench-n ») in communes
drawn from the referential, over three years; when fewer than TARGET exist they are replaced first.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.paginator import Paginator
from django.db import transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from maillage.events.enums import EventKind, EventStatus
from maillage.events.models import AGENDA_ORDER, Event, EventOrganiser
from maillage.events.selectors import agenda, parse_filters, with_organisers
from maillage.territories.enums import Level
from maillage.territories.models import Territory

TARGET = 100_000
SEED = 2026
ROUNDS = 30
PAGE = 20
FIRST_DAY = datetime.date(2027, 1, 1)
GENERATED = {"source_id__startswith": "bench-"}

QUERIES: dict[str, dict[str, str]] = {
    "France, 3 mois": {"du": "2027-09-01", "au": "2027-11-30"},
    "France, 1 an": {"du": "2028-01-01", "au": "2028-12-31"},
    "France, sans dates": {},
    "territoire=REG-84, 3 mois": {"territoire": "REG-84", "du": "2027-09-01", "au": "2027-11-30"},
    "territoire=REG-11, 1 an": {"territoire": "REG-11", "du": "2028-01-01", "au": "2028-12-31"},
    "territoire=DEP-42, 1 mois": {"territoire": "DEP-42", "du": "2027-10-01", "au": "2027-10-31"},
    "territoire=DEP-42 + type=formation": {"territoire": "DEP-42", "type": "formation"},
    "territoire=EPCI-244200770, 1 an": {
        "territoire": "EPCI-244200770",
        "du": "2028-01-01",
        "au": "2028-12-31",
    },
    "territoire=COM-42218, sans dates": {"territoire": "COM-42218"},
    "territoire=COM-75056, 1 mois": {"territoire": "COM-75056", "du": "2027-10-01", "au": "2027-10-31"},
}


def _ensure_data() -> dict[str, Any]:
    existing = Event.objects.filter(**GENERATED).count()
    if existing >= TARGET:
        return {"events": existing, "generated_now": 0}
    started = time.perf_counter()
    rng = random.Random(SEED)  # noqa: S311 (test data)
    communes = list(Territory.objects.filter(level=Level.COMMUNE).values_list("id", flat=True))
    if not communes:
        raise SystemExit("Le référentiel territorial est vide : lancez `make db` d'abord.")
    # Some places hold many more events than others, as cities do.
    weights = [rng.paretovariate(1.2) for _ in communes]
    kinds = list(EventKind.values)
    with transaction.atomic():
        EventOrganiser.objects.filter(event__source_id__startswith="bench-").delete()
        Event.objects.filter(**GENERATED).delete()
        batch: list[Event] = []
        for n, commune in enumerate(rng.choices(communes, weights=weights, k=TARGET)):
            start = FIRST_DAY + datetime.timedelta(days=rng.randrange(3 * 365))
            batch.append(
                Event(
                    title=f"Événement généré {n}",
                    slug=f"bench-{n}",
                    kind=rng.choice(kinds),
                    status=EventStatus.PUBLISHED,
                    commune_id=commune,
                    venue="Lieu généré",
                    start_date=start,
                    end_date=start + datetime.timedelta(days=(span := rng.choice((0, 0, 0, 1, 2)))),
                    span_days=span,  # bulk_create skips save(), which keeps it
                    source_id=f"bench-{n}",
                )
            )
            if len(batch) == 5000:
                Event.objects.bulk_create(batch)
                batch = []
        Event.objects.bulk_create(batch)
    return {
        "events": TARGET,
        "generated_now": TARGET,
        "generation_s": round(time.perf_counter() - started, 1),
    }


def _timings(call: Callable[[], Any], rounds: int = ROUNDS) -> dict[str, float]:
    call()
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


def _page(params: dict[str, str]) -> tuple[int, int]:
    """Do what the agenda page does before rendering: parse, count, read the first page with its joins."""
    page = Paginator(agenda(parse_filters(params)), PAGE).get_page(1)
    return page.paginator.count, len(page.object_list)


def _unbounded_page(params: dict[str, str]) -> tuple[int, int]:
    """The selector before the span bound: the date range bounded by the last day and the first day only."""
    filters = parse_filters(params)
    events = Event.objects.public()
    if filters.start is not None:
        events = events.filter(end_date__gte=filters.start)
    if filters.end is not None:
        events = events.filter(start_date__lte=filters.end)
    if filters.territory is not None:
        events = events.in_territory(filters.territory.id)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    page = Paginator(with_organisers(events.order_by(*AGENDA_ORDER)), PAGE).get_page(1)
    return page.paginator.count, len(page.object_list)


def _naive_page(params: dict[str, str]) -> tuple[int, int]:
    """JOIN through the commune closure and DISTINCT: the first thing one writes."""
    filters = parse_filters(params)
    events = Event.objects.public().between(filters.start, filters.end)
    if filters.territory is not None:
        events = events.filter(commune__container_links__territory_id=filters.territory.id).distinct()
    if filters.kind:
        events = events.filter(kind=filters.kind)
    page = Paginator(with_organisers(events.order_by(*AGENDA_ORDER)), PAGE).get_page(1)
    return page.paginator.count, len(page.object_list)


def _request_statements(params: dict[str, str]) -> int:
    from django.db import connection  # noqa: PLC0415

    client = Client()
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/evenements/", params)
    assert response.status_code == 200, response.status_code  # noqa: S101 (a bench, not production)
    return len(captured.captured_queries)


def run() -> dict[str, Any]:
    """Generate the events if needed, then time the query mix beside the baseline, and count statements."""
    figures: dict[str, Any] = {"data": _ensure_data(), "load_average_before": os.getloadavg()}
    results: dict[str, Any] = {}
    for label, params in QUERIES.items():
        total, shown = _page(params)
        results[label] = {
            "total": total,
            "shown": shown,
            "agenda": _timings(partial(_page, params)),
            "without_span_bound": _timings(partial(_unbounded_page, params)),
            "baseline_join_distinct": _timings(partial(_naive_page, params), rounds=10),
            "statements_per_request": _request_statements(params),
        }
    figures["queries"] = results
    figures["worst_p95_ms"] = max(r["agenda"]["p95_ms"] for r in results.values())
    figures["load_average_after"] = os.getloadavg()
    return figures
