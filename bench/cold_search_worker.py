"""Time list pages of the directory with no result cache, in a process of its own (see bench_cold_search).

    python bench/cold_search_worker.py MODE ROUNDS PARAMS_JSON

PARAMS_JSON is one query's parameters or a list of them (measured one after the other, one JSON line
each: a process per query costs a Django start-up each, minutes on a loaded machine).

MODE `counted`: the code as it is (facets from the kept counts when they answer). MODE `previous`: the
same, but discipline searches counting their matches, the matches selected once per facet, pages
sorting the matches' whole rows and listing every structure of their disciplines (the path before the
discipline counts, the one pass, the narrow page and the probed disciplines, ADR 27). MODE `live`: as
`previous`, but the network facet probing every current membership of the matches and the page read as
SQLite's planner chooses (the path before the kept network counts, ADR 24, and the name walk). MODE `scan`:
facets counted over the matching structures (the path before the kept counts), SQLite with its default
page cache and no mmap, as before issue 13. Prints one JSON line:
durations (ms), the process's CPU time per page and the statements of one page.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TABLE = "structures_structure"
FTS_TABLE = "structures_structure_fts"


def main() -> None:
    mode, rounds, raw = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.test")
    import django  # noqa: PLC0415 (set up after the path)

    django.setup()
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from maillage.search import fulltext  # noqa: PLC0415
    from maillage.structures import (  # noqa: PLC0415
        search,
        search_counted,
        search_facets,
        search_filters,
        search_indexes,
        search_tiers,
    )

    # `gathered`: this code but SQLite gathering every match of a broad text search before counting the
    # facets of its first ones (before `search_facets.DRIVEN_BY_TEXT`, 4 December);
    # `ranked`: this code but SQLite ranking a broad text search's every match for its first page (before
    # `search_tiers.TIERED_PAGES_ON_SQLITE`, 4 December);
    # `subquery`: this code but PostgreSQL's full-text match as a sub-query of ids (before DIRECT_MATCH);
    # `widetext`: this code but PostgreSQL's text pages sorted on their whole rows (before 3 December);
    # `walked`: this code but PostgreSQL's small results found along the name or date index;
    # `uncapped`: this code but text searches counted over every match and SQLite left to read them
    # through the table (before the capped text facets and `search_indexes`);
    # `expression`: this code but PostgreSQL's text match on the analysed document (`to_tsvector` of each
    # row, through the index on that expression, made for the run and dropped after) instead of the
    # stored vector (before migration 0015); `sixth`: as `expression`, and PostgreSQL's discipline searches
    # in a département joined to their territory, broad text pages ranked over every match (the path of
    # the sixth pass, before `search_filters.TERRITORY_FIRST_ON_POSTGRES` and `search_tiers`); `seventh`:
    # this code without the tier of names containing the words (`search_tiers.CONTAINING_WINDOW`), the names
    # starting with them found in one statement (`search_tiers.STARTING_READ_FIRST`), and with
    # the discipline of the network facet's dated members as a join (`search_counted.DISCIPLINE_PER_MEMBER`)
    # and every network of the kept counts named (`search_counted.FIRST_NETWORKS_ONLY`); `eighth`: this code
    # but PostgreSQL's pages found first up to 1,000 matches only, at any directory size
    # (`search.FOUND_FIRST_BY_WALK`), a network's members found first sorted on their whole rows
    # (`search.NARROW_NETWORK_PAGE`), the network facet named before counted
    # (`search_facets.NETWORKS_COUNTED_FIRST`) and text searches in a département joined to the territory
    # closure (`search_filters.TEXT_TERRITORY_FIRST_ON_POSTGRES`): the path of the eighth pass.
    current = mode in (
        "counted",
        "gathered",
        "ranked",
        "subquery",
        "widetext",
        "walked",
        "uncapped",
        "expression",
        "sixth",
        "seventh",
        "eighth",
    )
    search.result_cache.enabled = False
    search.CAPPED_TEXT = mode != "uncapped"
    search_indexes.TEXT_INDEXES = mode != "uncapped"
    search.COUNTED_FACETS = mode in (
        "counted",
        "gathered",
        "ranked",
        "expression",
        "sixth",
        "seventh",
        "eighth",
        "subquery",
        "widetext",
        "walked",
        "uncapped",
        "previous",
        "live",
    )
    kept = (
        "counted",
        "gathered",
        "ranked",
        "subquery",
        "widetext",
        "walked",
        "uncapped",
        "previous",
        "expression",
        "sixth",
        "seventh",
        "eighth",
    )
    search.KEPT_NETWORKS = mode in kept
    search.NAME_WALK = mode in kept
    search.NARROW_TEXT_ON_POSTGRES = mode != "widetext"
    search.FOUND_FIRST_ON_POSTGRES = mode != "walked"
    search.KEPT_DISCIPLINES = current
    search.NARROW_PAGE = current
    search.PROBE_PAGE = current
    search_facets.ONE_PASS = current
    fulltext.DIRECT_MATCH = mode in (
        "counted",
        "gathered",
        "ranked",
        "widetext",
        "walked",
        "uncapped",
        "expression",
        "sixth",
        "seventh",
        "eighth",
    )
    fulltext.STORED_VECTOR = mode not in ("expression", "sixth")
    search_filters.TERRITORY_FIRST_ON_POSTGRES = mode != "sixth"
    search_tiers.TIERED_PAGES = mode != "sixth"
    search_tiers.TIERED_PAGES_ON_SQLITE = mode != "ranked"
    search_facets.DRIVEN_BY_TEXT = mode != "gathered"
    search.FOUND_FIRST_BY_WALK = mode != "eighth"
    search.NARROW_NETWORK_PAGE = mode != "eighth"
    search_facets.NETWORKS_COUNTED_FIRST = mode != "eighth"
    search_filters.TEXT_TERRITORY_FIRST_ON_POSTGRES = mode != "eighth"
    if mode == "seventh":
        search_tiers.CONTAINING_WINDOW = 0
        search_tiers.STARTING_READ_FIRST = False
        search_counted.DISCIPLINE_PER_MEMBER = False
        search_counted.FIRST_NETWORKS_ONLY = False
    expression_index = mode in ("expression", "sixth") and connection.vendor == "postgresql"
    if expression_index:
        with connection.cursor() as cursor:
            for statement in fulltext.create_index_sql("postgresql", table=TABLE, fts_table=FTS_TABLE):
                cursor.execute(statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"))
            cursor.execute(f"ANALYZE {TABLE}")  # the expression's statistics, as the planner had them
    if mode == "scan" and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size=-2000")  # SQLite's default, what main's settings left
            cursor.execute("PRAGMA mmap_size=0")
    given = json.loads(raw)
    try:
        for params in given if isinstance(given, list) else [given]:
            measure(search, connection, CaptureQueriesContext, params, rounds)
    finally:
        if expression_index:
            with connection.cursor() as cursor:
                for statement in fulltext.drop_index_sql("postgresql", fts_table=FTS_TABLE):
                    cursor.execute(statement)


def measure(search: Any, connection: Any, capture: Any, params: dict[str, Any], rounds: int) -> None:
    """Time one query's list page `rounds` times after a warm-up; print its JSON line."""

    def page() -> int:
        filters = search.parse_filters(params)
        facets = search.structure_facets(filters, capped=True)  # as the list page asks
        search.search_page(filters, total=facets.total, more=facets.capped)
        return facets.total

    total = page()  # the statements prepared, the pages read once: a running server
    with capture(connection) as queries:
        page()
    durations = []
    cpu_start = time.process_time()
    for _ in range(rounds):
        start = time.perf_counter()
        page()
        durations.append(round((time.perf_counter() - start) * 1000, 2))
    # CPU time of this process (SQLite runs inside it): what the page costs whatever the machine's load.
    cpu_ms = round((time.process_time() - cpu_start) * 1000 / rounds, 1)
    line = {"total": total, "statements": len(queries), "durations_ms": durations, "cpu_ms": cpu_ms}
    print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
