"""Name the index SQLite reads a search's structures through, where its planner would choose worse.

SQLite looks a text search's matches up by rowid in the table itself: rows of about 3 KB (descriptions,
sources, the indexed document), 41,876 of them for "théâtre". The narrow index holds the columns the
facets and the page's ranking read (ADR 27): reading the matches through it took q=theatre's ranking
from 45 to 36 ms and its facets' selection from 101 to 66 ms at 200,000 structures. A text search inside
a territory is better read by commune first, then checked against the full-text matches: 416 companies
of the Loire among 40,000 were found in 8 ms instead of 59.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from maillage.structures.models import Structure
from maillage.structures.search_filters import StructureFilters

NAME_INDEX = "structures_structure_search_name_69156653"  # Django's name for `search_name`'s index
NARROW_INDEX = "structure_narrow_idx"  # (id, withdrawn_at, is_active, commune_id, ess_family, …, acronym)
BY_COMMUNE_INDEX = "structure_published_facets_idx"  # (commune_id, is_active, ess_family, kind, …)

# The bench turns this off to measure SQLite's own choice (the previous way) beside it.
TEXT_INDEXES = True


def text_index(filters: StructureFilters) -> str | None:
    """Return the index a text search's structures are read through on SQLite, or None (the planner's)."""
    if not (TEXT_INDEXES and filters.q and connection.vendor == "sqlite"):
        return None
    return BY_COMMUNE_INDEX if filters.territory is not None else NARROW_INDEX


def indexed_sql(queryset: QuerySet[Any], index: str | None) -> tuple[str, tuple[Any, ...]]:
    """Return a query of structures as SQL and parameters, its table read through `index` (SQLite)."""
    sql, params = queryset.query.sql_with_params()
    if index is not None:
        table = f'FROM "{Structure._meta.db_table}"'
        # The ORM's own statement, the outer table named first; the index is ours: no input reaches it.
        sql = sql.replace(table, f"{table} INDEXED BY {index}", 1)
    return sql, tuple(params)


def indexed(queryset: QuerySet[Any], index: str) -> RawSQL:
    """Return a query of structures ids read through `index` (SQLite's INDEXED BY), as a sub-query."""
    return RawSQL(*indexed_sql(queryset, index))  # noqa: S611 (see indexed_sql)


# PostgreSQL's own estimate of the directory's size, for choosing how to find a page
# (`search._finds_first`): read from its statistics, at most every five minutes per process.
SIZE_MAX_AGE_SECONDS = 300.0
_size_read: tuple[float, int | None] | None = None


def directory_size() -> int | None:
    """Return PostgreSQL's estimate of the structures table's rows; None before its first statistics."""
    global _size_read
    now = time.monotonic()
    if _size_read is None or now - _size_read[0] > SIZE_MAX_AGE_SECONDS:
        with connection.cursor() as cursor:
            table = Structure._meta.db_table
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
            row = cursor.fetchone()
        estimate = int(row[0]) if row and row[0] is not None and row[0] >= 0 else None
        _size_read = (now, estimate)
    return _size_read[1]
