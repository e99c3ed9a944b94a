"""Measure the directory's search with facets on 200,000 generated structures, beside a naive baseline.

For each query of a realistic mix: the server-side time of a list page (`parse_filters`, then
`structure_facets`, then `search_page` with the facets' total, as the pages do; rendering excluded), cold
(the result cache emptied before each call: the first request after a write) and warm (the same request
again), and the number of SQL statements it takes at page sizes 20 and 100, for the search core and for
whole requests to /structures/ and /api/v1/structures. The baseline does what a first version would:
`name__icontains`, then one COUNT per facet value. Map payload for all of France: zoom-5 grid clusters
(cells of 0.5°) as JSON, beside every point as [lat, lon, id].

The structures come from `generate_structures` (seed 2026); when fewer than TARGET generated ones are in
the database, the generated ones are replaced by TARGET new ones first (a few minutes).
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, F, IntegerField, QuerySet
from django.db.models.functions import Floor
from django.test import Client
from django.test.utils import CaptureQueriesContext

from maillage.structures.enums import EssFamily, RelationKind, StructureKind
from maillage.structures.generated import delete_generated_structures, generated_structures
from maillage.structures.generator import generate_structures
from maillage.structures.models import Discipline, Relation, Structure
from maillage.structures.search import (
    StructureFilters,
    parse_filters,
    result_cache,
    search_page,
    structure_facets,
)
from maillage.territories.enums import Level
from maillage.territories.models import Territory

TARGET = 200_000
SEED = 2026
ROUNDS = 30
GRID_DEGREES = 0.5  # zoom 5: a 256-pixel tile spans 11.25°, a 64-pixel cell about 2.8°; 0.5° is finer


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
    }


def _timings(call: Callable[[], Any], rounds: int = ROUNDS) -> dict[str, float]:
    call()  # warm the caches (pages, statements), as a running site would be
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


def _list_page(params: dict[str, Any]) -> tuple[int, int]:
    """Do what a list page does before rendering; return the total and the page's length."""
    filters = parse_filters(params)
    facets = structure_facets(filters)
    page = search_page(filters, total=facets.total)
    return facets.total, len(page.items)


def _statements(params: dict[str, Any]) -> tuple[int, list[tuple[float, str]]]:
    """Count the statements of one list page and time each (slowest first)."""
    timings: list[tuple[float, str]] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((round((time.perf_counter() - start) * 1000, 1), " ".join(sql.split())[:160]))

    with connection.execute_wrapper(timed):
        _list_page(params)
    return len(timings), sorted(timings, reverse=True)[:4]


# --- Baseline: the simplest thing --------------------------------------------------------------------


def _naive_queryset(filters: StructureFilters) -> QuerySet[Structure]:
    queryset = Structure.objects.filter(is_active=True)
    if filters.q:
        queryset = queryset.filter(name__icontains=filters.q)
    if filters.territory is not None:
        queryset = queryset.filter(commune__container_links__territory_id=filters.territory.id)
    if filters.disciplines:
        ids = {d.pk for d in filters.disciplines}
        ids |= set(Discipline.objects.filter(parent_id__in=ids).values_list("pk", flat=True))
        queryset = queryset.filter(disciplines__in=ids).distinct()
    if filters.families:
        queryset = queryset.filter(ess_family__in=filters.families)
    if filters.network is not None:
        queryset = queryset.filter(
            relations_out__kind=RelationKind.MEMBER_OF,
            relations_out__target=filters.network,
            relations_out__end_date=None,
        )
    return queryset


# The sub-territories whose counts the facet shows, as a column of the commune.
_CHILD_COLUMN: dict[str | None, str] = {
    None: "region_id",
    Level.REGION: "departement_id",
    Level.DEPARTEMENT: "epci_id",
}


def _naive_page(params: dict[str, Any]) -> int:
    """icontains on the name, one COUNT per facet value, the first page ordered by name."""
    filters = parse_filters(params)
    matching = _naive_queryset(filters)
    total = matching.count()
    counts = [matching.filter(ess_family=v).count() for v in EssFamily.values]
    counts += [matching.filter(kind=v).count() for v in StructureKind.values]
    counts += [matching.filter(is_ess=v).count() for v in (True, False)]
    level = filters.territory.level if filters.territory else None
    if level in _CHILD_COLUMN:
        column = _CHILD_COLUMN[level]
        communes = Territory.objects.filter(level=Level.COMMUNE, is_current=True)
        if filters.territory is not None:
            communes = communes.filter(container_links__territory_id=filters.territory.id)
        for child in communes.values_list(column, flat=True).distinct().order_by():
            counts.append(matching.filter(**{f"commune__{column}": child}).count())
    for discipline in Discipline.objects.all():
        counts.append(matching.filter(disciplines=discipline).count())
    # 2,000 networks: a COUNT each is not even a candidate; the baseline groups them once.
    list(
        Relation.objects.filter(kind=RelationKind.MEMBER_OF, end_date=None, source__in=matching)
        .values("target_id")
        .annotate(n=Count("id"))
        .order_by("-n")[:30]
    )
    list(matching.select_related("commune").prefetch_related("disciplines").order_by("name")[:20])
    return total + len(counts)


# --- Map payload -------------------------------------------------------------------------------------


def _clusters() -> list[dict[str, Any]]:
    """Zoom-5 grid clusters of every active structure: one row per 0.5° cell, at the cell's mean point."""
    rows = (
        Structure.objects.filter(is_active=True, latitude__isnull=False)
        .annotate(
            y=Floor((F("latitude") + 90) / GRID_DEGREES, output_field=IntegerField()),
            x=Floor((F("longitude") + 180) / GRID_DEGREES, output_field=IntegerField()),
        )
        .values("y", "x")
        .annotate(lat=Avg("latitude"), lon=Avg("longitude"), n=Count("id"))
        .order_by()
    )
    return [{"lat": round(r["lat"], 4), "lon": round(r["lon"], 4), "count": r["n"]} for r in rows]


def _naive_points() -> list[list[Any]]:
    return [
        [lat, lon, pk]
        for lat, lon, pk in Structure.objects.filter(is_active=True, latitude__isnull=False).values_list(
            "latitude", "longitude", "pk"
        )
    ]


def _size(payload: Any) -> dict[str, int]:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return {"bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, 6))}


def _map_endpoint() -> dict[str, Any]:
    """The map endpoint another engineer is building, measured when it answers."""
    try:
        response = Client(HTTP_HOST="localhost").get(
            "/structures/carte.json", {"bbox": "-5.5,41.2,9.8,51.2", "zoom": "5"}
        )
    except Exception as error:  # a bench reports, never fails on a neighbour's code
        return {"error": repr(error)[:200]}
    if response.status_code != 200:
        return {"status": response.status_code}
    return {"status": 200, "bytes": len(response.content)}


# --- Run -----------------------------------------------------------------------------------------------


def _ensure_data() -> dict[str, Any]:
    present = generated_structures().count()
    if present >= TARGET:
        return {"generated_now": False}
    start = time.perf_counter()
    delete_generated_structures()
    generate_structures(count=TARGET, seed=SEED)
    return {"generated_now": True, "generation_s": round(time.perf_counter() - start, 1)}


def _settle() -> None:
    """On PostgreSQL, do what autovacuum does after a bulk load: visibility map and statistics."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("structures_structure", "structures_structure_disciplines", "structures_relation"):
                cursor.execute(f"VACUUM ANALYZE {table}")


def _cold(params: dict[str, Any]) -> Any:
    """A list page as the first request after a write: nothing in the result cache."""
    result_cache.clear()
    return _list_page(params)


def _request_statements(client: Client, path: str, params: dict[str, Any]) -> dict[str, int]:
    """Count the statements of a whole request, first with an empty result cache, then again."""
    result_cache.clear()
    with CaptureQueriesContext(connection) as cold:
        status = client.get(path, params).status_code
    with CaptureQueriesContext(connection) as warm:
        client.get(path, params)
    return {"status": status, "cold": len(cold), "warm": len(warm)}


def run() -> dict[str, Any]:
    """Generate the data if needed, then time the query mix, count statements and size map payloads."""
    figures: dict[str, Any] = {"data": _ensure_data(), "load_average_before": os.getloadavg()}
    _settle()
    largest = (
        Relation.objects.filter(kind=RelationKind.MEMBER_OF, end_date=None)
        .values("target__slug")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    network_slug = largest["target__slug"] if largest else ""
    figures["data"].update(
        {
            "structures": Structure.objects.count(),
            "active": Structure.objects.filter(is_active=True).count(),
            "generated": generated_structures().count(),
            "discipline_links": Structure.disciplines.through.objects.count(),
            "member_of_relations": Relation.objects.filter(kind=RelationKind.MEMBER_OF).count(),
            "networks": Structure.objects.filter(kind=StructureKind.NETWORK).count(),
            "largest_network_members": largest["n"] if largest else 0,
            "communes": Territory.objects.filter(level=Level.COMMUNE, is_current=True).count(),
        }
    )
    figures["rounds"] = ROUNDS
    figures["queries"] = {}
    client = Client(HTTP_HOST="localhost")
    for label, params in _queries(network_slug).items():
        result_cache.clear()
        total, _ = _list_page(params)
        result_cache.clear()
        statements_cold, slowest = _statements(params)
        statements_warm, _ = _statements(params)
        result_cache.clear()
        statements_cold_100, _ = _statements({**params, "taille": "100"})
        cpu_start = time.process_time()
        cold = _timings(partial(_cold, params))
        cold["cpu_ms_per_call"] = round((time.process_time() - cpu_start) * 1000 / (ROUNDS + 1), 1)
        figures["queries"][label] = {
            "params": params,
            "total": total,
            "cold": cold,
            "warm": _timings(partial(_list_page, params)),
            "statements": {"cold_page_20": statements_cold, "cold_page_100": statements_cold_100},
            "statements_warm_page_20": statements_warm,
            "slowest_statements_cold_ms": slowest,
            "list_page_request": _request_statements(client, "/structures/", {**params, "taille": "100"}),
            "api_request": _request_statements(client, "/api/v1/structures", {**params, "taille": "100"}),
            "baseline_icontains_counts": _timings(partial(_naive_page, params), rounds=10),
        }
        with CaptureQueriesContext(connection) as captured:
            _naive_page(params)
        figures["queries"][label]["baseline_statements"] = len(captured)

    clusters = _clusters()
    points = _naive_points()
    figures["map"] = {
        "grid_degrees": GRID_DEGREES,
        "clusters": len(clusters),
        "clustered_structures": sum(c["count"] for c in clusters),
        "clusters_payload": _size(clusters),
        "clusters_query": _timings(_clusters, rounds=10),
        "naive_points": len(points),
        "naive_points_payload": _size(points),
        "naive_points_query": _timings(_naive_points, rounds=5),
        "endpoint_carte_json_zoom5": _map_endpoint(),
    }
    figures["load_average_after"] = os.getloadavg()
    return figures
