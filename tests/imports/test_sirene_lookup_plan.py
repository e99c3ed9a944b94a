"""The import finds the structures a batch names through the unique indexes, never by reading them all.

Without the indexes' own condition (`siret <> ''`) in the query, SQLite cannot use these partial indexes
and read the whole directory for every batch of 2,000 establishments: 13 s of a 10 M-row import at
200,000 structures (docs/benchmarks.md, tenth pass). PostgreSQL proves the condition from the IN list
itself, and on a test's nearly empty table may choose any index: there the test only checks that the
directory is not read sequentially (sequential scans forbidden, a plan that needs one still shows it).
"""

import pytest
from django.db import connection

from maillage.imports.sirene.trace import inserted_ids_query
from maillage.imports.sirene.upsert import known_structures

pytestmark = pytest.mark.django_db

SIRETS = ["35600000000048", "35600000900001"]


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Forbid the sequential scan: a partial index the query's condition does not imply stays unused
            # and PostgreSQL falls back to the forbidden scan anyway, which the plan then shows.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(row[-1] for row in cursor.fetchall())


def _reads_whole_directory(plan: str) -> bool:
    return "SCAN structures_structure" in plan or "Seq Scan on structures_structure" in plan


def test_known_structures_are_looked_up_through_both_unique_indexes():
    plan = _plan(known_structures(SIRETS))

    assert not _reads_whole_directory(plan), plan
    if connection.vendor == "sqlite":
        assert "structure_siret_unique" in plan, plan
        assert "structure_source_id_unique" in plan, plan


def test_the_ids_of_inserted_structures_are_read_through_the_source_key_index():
    plan = _plan(inserted_ids_query(SIRETS))

    assert not _reads_whole_directory(plan), plan
    if connection.vendor == "sqlite":
        assert "structure_source_id_unique" in plan, plan
