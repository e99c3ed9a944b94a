"""Refresh the query planner's statistics of every table (SQLite has no autovacuum to do it)."""

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

# Rows SQLite reads per index: approximate statistics in a second or two instead of a full scan of every
# index (https://sqlite.org/lang_analyze.html#approx); the planner needs orders of magnitude, not counts.
SQLITE_ANALYSIS_LIMIT = 1000


class Command(BaseCommand):
    help = (
        "Met à jour les statistiques du planificateur de requêtes pour toutes les tables. Sur SQLite, une "
        "table jamais analysée (une table jeune, d'un module récent) peut être lue dans le mauvais ordre "
        "et ralentir une page ; PostgreSQL le fait déjà de lui-même (autovacuum), la commande l'y demande "
        "aussi."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
        tables = len(connection.introspection.table_names())
        self.stdout.write(
            f"Statistiques mises à jour : {tables} tables en {time.monotonic() - started:.1f} s."
        )
