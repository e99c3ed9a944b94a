"""Bring the generated structures of the bench database to a given number (shared by the issue-13 benches).

Growing is a top-up: the missing structures come from the next seed (2026, then 2027…), so a run over
10,000, 100,000 then 200,000 structures generates 200,000 in all instead of 310,000. Each seed makes its own
networks (1 % of its rows). Shrinking deletes every generated structure and draws the size from 2026 again.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection
from django.db.models import Count

from maillage.structures.enums import RelationKind
from maillage.structures.generated import SOURCE_ID_PREFIX, delete_generated_structures, generated_structures
from maillage.structures.generator import generate_structures
from maillage.structures.models import Relation

FIRST_SEED = 2026


def seeds_present() -> dict[int, int]:
    """Return how many generated structures each seed holds."""
    counts: dict[int, int] = {}
    for source_id in generated_structures().values_list("source_id", flat=True).iterator(chunk_size=20_000):
        seed = int(source_id.removeprefix(SOURCE_ID_PREFIX).split("-", 1)[0])
        counts[seed] = counts.get(seed, 0) + 1
    return counts


def ensure_size(size: int) -> dict[str, Any]:
    """Top the generated structures up to `size` (or draw them again if there are more); say what was done."""
    present = generated_structures().count()
    start = time.perf_counter()
    if present > size:
        delete_generated_structures()
        present = 0
    generated_now = size - present
    if generated_now:
        seeds = seeds_present()
        seed = max(seeds, default=FIRST_SEED - 1) + 1
        generate_structures(count=generated_now, seed=seed)
    return {
        "generated_structures": size,
        "generated_now": generated_now,
        "generation_s": round(time.perf_counter() - start, 1) if generated_now else 0,
        "seeds": seeds_present() if size else {},
    }


def settle() -> None:
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


def largest_network() -> str:
    """Return the slug of the network with the most current members ("" when there is none)."""
    largest = (
        Relation.objects.filter(kind=RelationKind.MEMBER_OF, end_date=None)
        .values("target__slug")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return largest["target__slug"] if largest else ""
