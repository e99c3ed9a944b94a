"""Facet counts kept by the database, and a generation number that changes with the directory only.

`structures_facetcount` holds, for every territory (through the commune closure, plus "*" for the whole
directory), the number of published structures per (state, family, kind, ESS flag, discipline), discipline
0 being the structures themselves. Database triggers keep it in step with every write, whoever writes
(services, imports, bulk inserts, raw SQL): the directory's landing page, a territory's page and the
family, kind, ESS and state filters read a few hundred of its rows instead of counting 200,000
structures. `structures_searchgeneration` holds one number that the same writes increase (and only
them: sessions, tasks, history never change it); the result cache is keyed on it.

SQLite only has row triggers; PostgreSQL uses statement triggers over transition tables, so a bulk
insert costs one grouped statement. SQLite's triggers are dropped when Django remakes the structure table
(an altered column): a migration that does so ends with `recreate_operations()`, and a test checks that
every trigger exists after the migrations.
"""

# Table names are constants of ours, never input.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from django.db import connection

COUNTS = "structures_facetcount"
GENERATION = "structures_searchgeneration"
STRUCTURE = "structures_structure"
LINKS = "structures_structure_disciplines"
CLOSURE = "territories_territorycommune"
# Tables whose writes change what a search answers (facet names included): the generation follows them.
WATCHED = (STRUCTURE, LINKS, "structures_relation", "structures_discipline", CLOSURE, "territories_territory")
KEY = "territory_id, is_active, ess_family, kind, is_ess, discipline_id"
ALL = "*"


def _ess(ref: str) -> str:
    return f"(CASE WHEN {ref}.is_ess IS NULL THEN -1 WHEN {ref}.is_ess THEN 1 ELSE 0 END)"


def _upsert(select: str, *, vendor: str) -> str:
    target = COUNTS if vendor == "sqlite" else f"{COUNTS} AS f"
    current = "n" if vendor == "sqlite" else "f.n"
    return (
        f"INSERT INTO {target} ({KEY}, n) {select} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET n = {current} + excluded.n"
    )


def _table_sql(vendor: str) -> list[str]:
    boolean = "boolean" if vendor == "postgresql" else "bool"
    return [
        f"CREATE TABLE {COUNTS} (territory_id varchar(80) NOT NULL, is_active {boolean} NOT NULL, "
        f"ess_family varchar(40) NOT NULL, kind varchar(40) NOT NULL, is_ess smallint NOT NULL, "
        f"discipline_id integer NOT NULL, n integer NOT NULL, PRIMARY KEY ({KEY}))",
        f"CREATE TABLE {GENERATION} (id integer PRIMARY KEY, n bigint NOT NULL)",
        f"INSERT INTO {GENERATION} (id, n) VALUES (1, 0)",
    ]


# --- SQLite: row triggers ----------------------------------------------------------------------------


def _sqlite_structure(ref: str, sign: str) -> str:
    """Add (or take away) one structure's counts, its row being `ref` (new or old)."""
    return _upsert(
        f"SELECT k.t, {ref}.is_active, {ref}.ess_family, {ref}.kind, {_ess(ref)}, d.d, {sign} "
        f"FROM (SELECT '{ALL}' AS t UNION ALL SELECT territory_id FROM {CLOSURE} "
        f"WHERE commune_id = {ref}.commune_id) k, "
        f"(SELECT 0 AS d UNION ALL SELECT discipline_id FROM {LINKS} WHERE structure_id = {ref}.id) d "
        f"WHERE {ref}.withdrawn_at IS NULL",
        vendor="sqlite",
    )


def _sqlite_link(ref: str, sign: str) -> str:
    return _upsert(
        f"SELECT k.t, s.is_active, s.ess_family, s.kind, {_ess('s')}, {ref}.discipline_id, {sign} "
        f"FROM {STRUCTURE} s, (SELECT '{ALL}' AS t UNION ALL SELECT territory_id FROM {CLOSURE} "
        f"WHERE commune_id = (SELECT commune_id FROM {STRUCTURE} WHERE id = {ref}.structure_id)) k "
        f"WHERE s.id = {ref}.structure_id AND s.withdrawn_at IS NULL",
        vendor="sqlite",
    )


def _commune_counts(territory: str, commune: str, sign: str) -> str:
    """Select a commune's counts, as rows of `territory` (a closure row added or removed)."""
    return (
        f"SELECT {territory}, s.is_active, s.ess_family, s.kind, {_ess('s')}, d.d, {sign} * COUNT(*) "
        f"FROM {STRUCTURE} s JOIN (SELECT id AS sid, 0 AS d FROM {STRUCTURE} WHERE commune_id = {commune} "
        f"UNION ALL SELECT l.structure_id, l.discipline_id FROM {LINKS} l JOIN {STRUCTURE} x "
        f"ON x.id = l.structure_id WHERE x.commune_id = {commune}) d ON d.sid = s.id "
        f"WHERE s.commune_id = {commune} AND s.withdrawn_at IS NULL "
        f"GROUP BY s.is_active, s.ess_family, s.kind, {_ess('s')}, d.d"
    )


def _sqlite_triggers() -> list[str]:
    changed = " OR ".join(
        f"old.{c} IS NOT new.{c}"
        for c in ("commune_id", "is_active", "withdrawn_at", "ess_family", "kind", "is_ess")
    )
    statements = [
        f"CREATE TRIGGER {COUNTS}_s_ai AFTER INSERT ON {STRUCTURE} BEGIN "
        f"{_sqlite_structure('new', '1')}; END",
        f"CREATE TRIGGER {COUNTS}_s_ad AFTER DELETE ON {STRUCTURE} BEGIN "
        f"{_sqlite_structure('old', '-1')}; END",
        f"CREATE TRIGGER {COUNTS}_s_au AFTER UPDATE ON {STRUCTURE} WHEN {changed} BEGIN "
        f"{_sqlite_structure('old', '-1')}; {_sqlite_structure('new', '1')}; END",
        f"CREATE TRIGGER {COUNTS}_l_ai AFTER INSERT ON {LINKS} BEGIN {_sqlite_link('new', '1')}; END",
        f"CREATE TRIGGER {COUNTS}_l_ad AFTER DELETE ON {LINKS} BEGIN {_sqlite_link('old', '-1')}; END",
        f"CREATE TRIGGER {COUNTS}_c_ai AFTER INSERT ON {CLOSURE} BEGIN "
        f"{_upsert(_commune_counts('new.territory_id', 'new.commune_id', '1'), vendor='sqlite')}; END",
        f"CREATE TRIGGER {COUNTS}_c_ad AFTER DELETE ON {CLOSURE} BEGIN "
        f"{_upsert(_commune_counts('old.territory_id', 'old.commune_id', '-1'), vendor='sqlite')}; END",
    ]
    for table in WATCHED:
        statements += watch_sql("sqlite", table)
    return statements


def sqlite_trigger_names() -> list[str]:
    """Return the names of the SQLite triggers (a test checks that they all exist)."""
    names = [f"{COUNTS}_{suffix}" for suffix in ("s_ai", "s_ad", "s_au", "l_ai", "l_ad", "c_ai", "c_ad")]
    return names + [f"{GENERATION}_{t}_{e}" for t in WATCHED for e in "iud"]


# --- PostgreSQL: statement triggers over transition tables -------------------------------------------


def _pg_structures(rows: str) -> str:
    """Add the signed structures of `rows` (columns of the structure table and `sign`), grouped."""
    return _upsert(
        f"SELECT k.t, s.is_active, s.ess_family, s.kind, {_ess('s')}, d.d, SUM(s.sign) FROM ({rows}) s "
        f"CROSS JOIN LATERAL (SELECT 0 AS d UNION ALL SELECT discipline_id FROM {LINKS} "
        f"WHERE structure_id = s.id) d "
        f"CROSS JOIN LATERAL (SELECT '{ALL}'::varchar AS t UNION ALL SELECT territory_id FROM {CLOSURE} "
        f"WHERE commune_id = s.commune_id) k "
        f"WHERE s.withdrawn_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(s.sign) <> 0",
        vendor="postgresql",
    )


def _pg_links(rows: str) -> str:
    return _upsert(
        f"SELECT k.t, s.is_active, s.ess_family, s.kind, {_ess('s')}, l.discipline_id, SUM(l.sign) "
        f"FROM ({rows}) l JOIN {STRUCTURE} s ON s.id = l.structure_id "
        f"CROSS JOIN LATERAL (SELECT '{ALL}'::varchar AS t UNION ALL SELECT territory_id FROM {CLOSURE} "
        f"WHERE commune_id = s.commune_id) k "
        f"WHERE s.withdrawn_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(l.sign) <> 0",
        vendor="postgresql",
    )


def _pg_closure(rows: str) -> str:
    return _upsert(
        f"SELECT c.territory_id, s.is_active, s.ess_family, s.kind, {_ess('s')}, d.d, SUM(c.sign) "
        f"FROM ({rows}) c JOIN {STRUCTURE} s ON s.commune_id = c.commune_id "
        f"CROSS JOIN LATERAL (SELECT 0 AS d UNION ALL SELECT discipline_id FROM {LINKS} "
        f"WHERE structure_id = s.id) d "
        f"WHERE s.withdrawn_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(c.sign) <> 0",
        vendor="postgresql",
    )


def pg_function(name: str, body: str) -> str:
    """Return the CREATE FUNCTION of a statement trigger running `body` (PostgreSQL)."""
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NULL; END $$"
    )


def pg_trigger(name: str, table: str, event: str, referencing: str) -> str:
    """Return the CREATE TRIGGER running the function of that name once per statement (PostgreSQL)."""
    return (
        f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
    )


def _pg_triggers() -> list[str]:
    plus = "SELECT *, 1 AS sign FROM new_rows"
    minus = "SELECT *, -1 AS sign FROM old_rows"
    both = f"{minus} UNION ALL {plus}"
    parts = [
        (f"{COUNTS}_s_ai", STRUCTURE, "INSERT", "NEW TABLE AS new_rows", _pg_structures(plus)),
        (f"{COUNTS}_s_ad", STRUCTURE, "DELETE", "OLD TABLE AS old_rows", _pg_structures(minus)),
        (
            f"{COUNTS}_s_au",
            STRUCTURE,
            "UPDATE",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            _pg_structures(both),
        ),
        (f"{COUNTS}_l_ai", LINKS, "INSERT", "NEW TABLE AS new_rows", _pg_links(plus)),
        (f"{COUNTS}_l_ad", LINKS, "DELETE", "OLD TABLE AS old_rows", _pg_links(minus)),
        (f"{COUNTS}_c_ai", CLOSURE, "INSERT", "NEW TABLE AS new_rows", _pg_closure(plus)),
        (f"{COUNTS}_c_ad", CLOSURE, "DELETE", "OLD TABLE AS old_rows", _pg_closure(minus)),
    ]
    statements: list[str] = []
    for name, table, event, referencing, body in parts:
        statements += [pg_function(name, body), pg_trigger(name, table, event, referencing)]
    rebuild = f"{COUNTS}_rebuild"
    statements.append(pg_function(rebuild, "; ".join(rebuild_sql())))
    for table in (STRUCTURE, LINKS, CLOSURE):
        # Django's flush (transactional tests) truncates tables: count again from what is left.
        statements.append(
            f"CREATE TRIGGER {rebuild}_{table} AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {rebuild}()"
        )
    bump = f"{GENERATION}_bump"
    statements.append(pg_function(bump, f"UPDATE {GENERATION} SET n = n + 1 WHERE id = 1"))
    for table in WATCHED:
        statements.append(
            f"CREATE TRIGGER {GENERATION}_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {bump}()"
        )
    return statements


# --- Creating, dropping, rebuilding ------------------------------------------------------------------


def rebuild_sql() -> list[str]:
    """Return the statements that count every structure again (set-based)."""
    return [
        f"DELETE FROM {COUNTS}",
        f"INSERT INTO {COUNTS} ({KEY}, n) "
        f"SELECT k.t, s.is_active, s.ess_family, s.kind, {_ess('s')}, d.d, COUNT(*) "
        f"FROM {STRUCTURE} s "
        f"JOIN (SELECT id AS sid, 0 AS d FROM {STRUCTURE} "
        f"UNION ALL SELECT structure_id, discipline_id FROM {LINKS}) d ON d.sid = s.id "
        f"JOIN (SELECT id AS sid, '{ALL}' AS t FROM {STRUCTURE} UNION ALL "
        f"SELECT x.id, c.territory_id FROM {STRUCTURE} x JOIN {CLOSURE} c ON c.commune_id = x.commune_id) k "
        f"ON k.sid = s.id WHERE s.withdrawn_at IS NULL "
        f"GROUP BY k.t, s.is_active, s.ess_family, s.kind, {_ess('s')}, d.d",
    ]


def create_sql(vendor: str) -> list[str]:
    """Return the statements creating the tables and triggers, then counting what exists."""
    triggers = _pg_triggers() if vendor == "postgresql" else _sqlite_triggers()
    return [*_table_sql(vendor), *rebuild_sql(), *triggers]


def drop_triggers_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            *(f"DROP FUNCTION IF EXISTS {COUNTS}_{s}() CASCADE" for s in _SUFFIXES),
            f"DROP FUNCTION IF EXISTS {COUNTS}_rebuild() CASCADE",
            f"DROP FUNCTION IF EXISTS {GENERATION}_bump() CASCADE",
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_trigger_names()]


_SUFFIXES = ("s_ai", "s_ad", "s_au", "l_ai", "l_ad", "c_ai", "c_ad")


def drop_sql(vendor: str) -> list[str]:
    return [
        *drop_triggers_sql(vendor),
        f"DROP TABLE IF EXISTS {COUNTS}",
        f"DROP TABLE IF EXISTS {GENERATION}",
    ]


def recreate_operations() -> list[Any]:
    """Return migration operations re-creating SQLite's triggers after Django remade a watched table."""
    from django.db import migrations  # noqa: PLC0415 (migrations only)

    def recreate(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in [*drop_triggers_sql("sqlite"), *rebuild_sql(), *_sqlite_triggers()]:
            schema_editor.execute(statement)
        from maillage.structures import network_counts  # noqa: PLC0415 (it imports this module)

        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [network_counts.NETWORKS]
            )
            exists = cursor.fetchone()
        if exists:  # the network counts' triggers too, once their migration (0012) has run
            for statement in network_counts.recreate_sqlite_sql():
                schema_editor.execute(statement)
        from maillage.structures import discipline_counts  # noqa: PLC0415 (it imports this module)

        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s",
                [discipline_counts.DISCIPLINES],
            )
            exists = cursor.fetchone()
        if exists:  # and the discipline counts' (0013)
            for statement in discipline_counts.recreate_sqlite_sql():
                schema_editor.execute(statement)

    return [migrations.RunPython(recreate, migrations.RunPython.noop)]


def watch_sql(vendor: str, table: str) -> list[str]:
    """Return the statements making every write of `table` increase the generation (a feature's table).

    For a table whose rows a kept page or result shows beside the structures (quality scores in the API's
    list): its app's migration runs these, so that core never names it. The function is the table's own,
    so that dropping the directory's triggers never drops it with them.
    """
    if vendor == "postgresql":
        function = f"{GENERATION}_{table}_bump"
        return [
            pg_function(function, f"UPDATE {GENERATION} SET n = n + 1 WHERE id = 1"),
            f"CREATE TRIGGER {GENERATION}_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return [
        f"CREATE TRIGGER {GENERATION}_{table}_{event[0].lower()} AFTER {event} ON {table} "
        f"BEGIN UPDATE {GENERATION} SET n = n + 1 WHERE id = 1; END"
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def unwatch_sql(vendor: str, table: str) -> list[str]:
    """Return the statements undoing `watch_sql`."""
    if vendor == "postgresql":
        return [f"DROP FUNCTION IF EXISTS {GENERATION}_{table}_bump() CASCADE"]
    return [f"DROP TRIGGER IF EXISTS {GENERATION}_{table}_{e}" for e in "iud"]


def generation() -> int:
    """Return the directory's generation number (one indexed read)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT n FROM {GENERATION} WHERE id = 1")
        row = cursor.fetchone()
    return int(row[0]) if row else 0
