"""Measure the booking engine: free-equipment search over 20,000 items, and decisions under contention.

Search: 20,000 items of 100 structures, 40,000 accepted loans spread over 2027 (a few days each); the
query the catalogue page and the API run (items no holding loan covers over the dates, first page of 30
and the count), for 60 random ranges of 1 to 7 days, after 5 warm-up queries. Target: p95 ≤ 100 ms.

Baselines in the same run: the previous shape of the search (withdrawn items left out through a join to
their resource, so the paginator's count probes the resource of every item, and the owner's whole record
read for each card), and the same decisions taken by one thread with no race. The search written first (one
NOT EXISTS probe per item) is no longer measured: with the holding index added since, SQLite's planner
probes each item through that index and one search takes minutes.

Contention: 4 threads request, without approval, 200 one-hour slots of ONE resource, each slot asked by
two threads at once (so half the decisions are refusals naming the winner's dates); figures are decisions
per second and bookings per second. On SQLite each decision is one IMMEDIATE transaction; on PostgreSQL
the exclusion constraint settles the races.

Everything the benchmark writes (structures, items, bookings) is deleted at the end.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from maillage.bookings.enums import BookingState
from maillage.bookings.errors import BookingConflictError
from maillage.bookings.models import Booking, BookingEvent, Resource
from maillage.bookings.periods import day_period
from maillage.bookings.selectors import held_resource_ids
from maillage.bookings.services import booking_request
from maillage.lending.enums import Audience, Category
from maillage.lending.models import Item
from maillage.lending.selectors import items_free
from maillage.structures.models import Structure

ITEMS = 20_000
OWNERS = 100
LOANS_PER_ITEM = 2
QUERIES = 60
SLOTS = 200
THREADS = 4
SEED = 1616
PREFIX = "banc-essai-reservations"
YEAR_START = datetime.date(2027, 1, 1)


def _cleanup() -> None:
    resources = Resource.objects.filter(owner__slug__startswith=PREFIX)
    BookingEvent.objects.filter(booking__resource__in=resources).delete()
    Booking.objects.filter(resource__in=resources).delete()
    Item.objects.filter(resource__in=resources).delete()
    resources.delete()
    Structure.objects.filter(slug__startswith=PREFIX).delete()


@transaction.atomic
def _prepare(rng: random.Random) -> list[Structure]:
    owners = Structure.objects.bulk_create(
        Structure(name=f"Banc d'essai {i}", slug=f"{PREFIX}-{i}") for i in range(OWNERS + 2)
    )
    categories = list(Category.values)
    resources = Resource.objects.bulk_create(
        (Resource(owner=owners[i % OWNERS], name=f"Matériel {i}") for i in range(ITEMS)), batch_size=2000
    )
    Item.objects.bulk_create(
        (
            Item(resource=r, category=categories[i % len(categories)], audience=Audience.ANYONE)
            for i, r in enumerate(resources)
        ),
        batch_size=2000,
    )
    bookings = []
    for resource in resources:
        # Two loans in separate halves of the year, so they never overlap each other.
        for half in range(LOANS_PER_ITEM):
            first = YEAR_START + datetime.timedelta(days=half * 182 + rng.randrange(170))
            start, end = day_period(first, first + datetime.timedelta(days=rng.randrange(1, 6)))
            bookings.append(
                Booking(
                    resource=resource,
                    requester=owners[OWNERS],
                    start=start,
                    end=end,
                    blocked_until=end,
                    state=BookingState.ACCEPTED,
                )
            )
    Booking.objects.bulk_create(bookings, batch_size=2000)
    return owners


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _join_per_item(start: datetime.datetime, end: datetime.datetime, category: str) -> QuerySet[Item]:
    """Baseline: the previous shape, withdrawn items left out by a filter on the joined resource."""
    items = (
        Item.objects.filter(resource__withdrawn_at__isnull=True)
        .select_related("resource", "resource__owner")
        .order_by("-pk")
        .exclude(resource_id__in=held_resource_ids(start, end))
    )
    return items.filter(category=category) if category else items


def _time_one(search: Callable[..., QuerySet[Item]], **period: Any) -> float:
    began = time.perf_counter()
    found = search(**period)
    page = list(found[:30])
    total = found.count()
    elapsed = time.perf_counter() - began
    if not page or total < len(page):
        raise SystemExit("the search found nothing free: the data set is not what it should be")
    return elapsed * 1000


def _search(rng: random.Random, shapes: dict[str, Callable[..., QuerySet[Item]]]) -> dict[str, Any]:
    """Time every shape on the same ranges, taking turns range by range so a change of load hits them all."""
    timings: dict[str, list[float]] = {name: [] for name in shapes}
    for index in range(QUERIES + 5):
        first = YEAR_START + datetime.timedelta(days=rng.randrange(358))
        start, end = day_period(first, first + datetime.timedelta(days=rng.randrange(0, 7)))
        category = rng.choice(["", *Category.values]) if index % 2 else ""
        for name, search in shapes.items():
            elapsed = _time_one(search, start=start, end=end, category=category)
            if index >= 5:
                timings[name].append(elapsed)
    return {
        name: {
            "queries": len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(_percentile(values, 0.95), 1),
            "max_ms": round(max(values), 1),
        }
        for name, values in timings.items()
    }


def _contention(owners: list[Structure], threads: int = THREADS, racing: int = 2) -> dict[str, Any]:
    resource = Resource.objects.create(owner=owners[0], name="Salle disputée", approval_required=False)
    base = datetime.datetime(2028, 1, 3, 8, tzinfo=datetime.UTC)
    requester = owners[OWNERS + 1]
    # Each slot `racing` times: with 2, two threads race for every one-hour slot.
    slots = [base + datetime.timedelta(hours=i // racing) for i in range(racing * SLOTS)]
    outcomes = {"booked": 0, "refused": 0}
    lock = threading.Lock()

    def decide(start: datetime.datetime) -> None:
        try:
            booking_request(
                resource=resource,
                requester=requester,
                actor=None,
                start=start,
                end=start + datetime.timedelta(hours=1),
            )
            key = "booked"
        except BookingConflictError:
            key = "refused"
        with lock:
            outcomes[key] += 1

    def worker(chunk: list[datetime.datetime]) -> None:
        try:
            for start in chunk:
                decide(start)
        finally:
            connection.close()

    chunks = [slots[i::threads] for i in range(threads)]
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(worker, chunks))
    elapsed = time.perf_counter() - began
    held = Booking.objects.filter(resource=resource, state=BookingState.ACCEPTED).count()
    return {
        "threads": threads,
        "decisions": len(slots),
        "booked": outcomes["booked"],
        "refused": outcomes["refused"],
        "held_in_database": held,
        "no_double_booking": held == outcomes["booked"] == SLOTS,
        "seconds": round(elapsed, 2),
        "decisions_per_s": round(len(slots) / elapsed, 1),
        "bookings_per_s": round(outcomes["booked"] / elapsed, 1),
    }


def run() -> dict[str, Any]:
    """Build the data set, time the search and the contended decisions, then delete what was written."""
    rng = random.Random(SEED)  # noqa: S311 (reproducible test data, not security)
    _cleanup()
    figures: dict[str, Any] = {"load_average_before": os.getloadavg(), "items": ITEMS}
    try:
        began = time.perf_counter()
        owners = _prepare(rng)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE"
                )  # what autovacuum does after a bulk load, before the planner guesses
        figures["prepare_s"] = round(time.perf_counter() - began, 1)
        figures["loans"] = Booking.objects.filter(resource__owner__slug__startswith=PREFIX).count()
        shapes: dict[str, Callable[..., QuerySet[Item]]] = {
            "search": items_free,
            "baseline_join_per_item": _join_per_item,
        }
        figures["search"] = _search(random.Random(SEED), shapes)  # noqa: S311 (reproducible data)
        figures["uncontended_baseline"] = _contention(owners, threads=1, racing=1)
        figures["contention"] = _contention(owners)
    finally:
        _cleanup()
    figures["load_average_after"] = os.getloadavg()
    return figures
