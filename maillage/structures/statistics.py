"""Keep PostgreSQL's planner statistics in step while one long transaction fills the directory's tables.

A generation or an import writes hundreds of thousands of structures in one transaction, and the kept
counts' triggers plan their statements from the statistics of the tables as they were before it:
autovacuum cannot see rows not yet committed. Planned for a table of a few rows, the triggers' joins read
whole tables for every batch (measured on PostgreSQL: 200,000 generated structures in 30 minutes; 30,000
in 60 s, against 35 s with the statistics kept). ANALYZE inside the transaction counts its own rows; it
also invalidates the triggers' cached plans, so the next batch is planned again. SQLite does not need it.
"""

from __future__ import annotations

from django.db import connection

from maillage.structures.facet_counts import STRUCTURE

# Below this, a table's statistics do not change a plan worth the ANALYZE.
FIRST_REFRESH_AT = 5_000
# Analyse again once the table holds this much more than at the last ANALYZE.
GROWTH = 1.25


class StatisticsKeeper:
    """Analyse the database each time a transaction has grown the structures by a quarter (from 5,000)."""

    def __init__(self) -> None:
        self.enabled = connection.vendor == "postgresql"
        self.initial = _estimated_structures() if self.enabled else 0
        self.analysed_at = max(self.initial, FIRST_REFRESH_AT // 2)
        self.written = 0

    def wrote(self, structures: int) -> None:
        """Count structures just written; analyse once they are a quarter more than at the last ANALYZE."""
        self.written += structures
        holding = self.initial + self.written
        if not self.enabled or holding < GROWTH * self.analysed_at:
            return
        with connection.cursor() as cursor:
            # The whole database: the triggers also read small reference tables autovacuum never analyses
            # (disciplines), and analysing only the filled tables made batches slower still (measured).
            cursor.execute("ANALYZE")
        self.analysed_at = holding


def _estimated_structures() -> int:
    """Return the planner's own estimate of the structures (what its plans assume), 0 if never analysed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [STRUCTURE])
        row = cursor.fetchone()
    return max(int(row[0]), 0) if row else 0
