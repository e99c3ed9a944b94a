"""Network memberships kept counted by the database, for the network facet of territories and families.

Whether a membership is current depends on the day, so the counts cannot hold every membership. They
hold the **settled** ones: confirmed, without an end date, and started (or undated) on or before the
horizon, a date kept in `structures_networkhorizon` that is never after today. A settled membership is
current on every day from the horizon on, so its count never goes stale as days pass. The others (an end
date, or a start after the horizon: few) are counted live when a page is asked for, by the same rule as
`Relation.objects.current()`, and the two are added (`search_counted`).

`structures_networkcount` holds, per territory of the closure (and "*"), state, family, kind and ESS flag of
the member, and network, the number of published structures with at least one settled membership of that
network: structures, not memberships, as the facet counts them (a structure may hold two memberships of one
network). Triggers keep it exact for every writer, as `facet_counts` does for the other facets; on
PostgreSQL the membership triggers lock their members' rows first, so that two transactions adding or
removing a membership of the same pair see each other's (which decides whether the structure is counted).

Moving the horizon to today (`advance`, the daily `advance-network-counts` job) recounts them all: it
only makes more memberships settled, hence fewer counted live; the counts are exact without it.
"""

# Table names are constants of ours, never input.
# ruff: noqa: S608

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from maillage.structures.enums import RelationKind, RelationState
from maillage.structures.facet_counts import ALL, CLOSURE, LINKS, STRUCTURE, _ess, pg_function, pg_trigger

NETWORKS = "structures_networkcount"
HORIZON = "structures_networkhorizon"
RELATION = "structures_relation"
KEY = "territory_id, is_active, ess_family, kind, is_ess, network_id"
MEMBER_OF = RelationKind.MEMBER_OF.value
ACCEPTED = RelationState.ACCEPTED.value
DAY = f"(SELECT day FROM {HORIZON} WHERE id = 1)"
# Dated memberships, counted live: what the network facet reads beside the kept counts.
INDEX = "relation_dated_members_idx"
COLUMNS = "kind, end_date, start_date, state, source_id, target_id"
INDEX_SQL = f"CREATE INDEX IF NOT EXISTS {INDEX} ON {RELATION} ({COLUMNS})"
_SUFFIXES = ("r_ai", "r_ad", "r_au", "s_ai", "s_ad", "s_au", "c_ai", "c_ad")


def settled(ref: str) -> str:
    """Return the condition of a settled membership (current on every day from the horizon on)."""
    return (
        f"({ref}.kind = '{MEMBER_OF}' AND {ref}.state = '{ACCEPTED}' AND {ref}.target_id IS NOT NULL "
        f"AND {ref}.end_date IS NULL AND ({ref}.start_date IS NULL OR {ref}.start_date <= {DAY}))"
    )


def _upsert_networks(select: str, *, vendor: str) -> str:
    target = NETWORKS if vendor == "sqlite" else f"{NETWORKS} AS f"
    current = "n" if vendor == "sqlite" else "f.n"
    return (
        f"INSERT INTO {target} ({KEY}, n) {select} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET n = {current} + excluded.n"
    )


def day_param(day: datetime.date) -> Any:
    """Return a day as a statement parameter: ISO text on SQLite (how Django stores dates there)."""
    return day.isoformat() if connection.vendor == "sqlite" else day


def _pair_count(source: str, target: str) -> str:
    """Count the settled memberships of one (member, network) pair, after the statement."""
    return (
        f"(SELECT COUNT(*) FROM {RELATION} p "
        f"WHERE p.source_id = {source} AND p.target_id = {target} AND {settled('p')})"
    )


def _settled_networks(structure: str) -> str:
    """Select the networks a structure holds a settled membership of, once each."""
    return (
        f"(SELECT DISTINCT p.target_id FROM {RELATION} p WHERE p.source_id = {structure} AND {settled('p')})"
    )


def _table_sql(vendor: str) -> list[str]:
    boolean = "boolean" if vendor == "postgresql" else "bool"
    return [
        f"CREATE TABLE {NETWORKS} (territory_id varchar(80) NOT NULL, is_active {boolean} NOT NULL, "
        f"ess_family varchar(40) NOT NULL, kind varchar(40) NOT NULL, is_ess smallint NOT NULL, "
        f"network_id bigint NOT NULL, n integer NOT NULL, PRIMARY KEY ({KEY}))",
        f"CREATE TABLE {HORIZON} (id integer PRIMARY KEY, day date NOT NULL)",
        INDEX_SQL,
    ]


# --- SQLite: row triggers ----------------------------------------------------------------------------


def _sqlite_pair(ref: str, sign: str, condition: str) -> str:
    """Add (or take away) one member's counts for one network, when `condition` holds."""
    return _upsert_networks(
        f"SELECT k.t, s.is_active, s.ess_family, s.kind, {_ess('s')}, {ref}.target_id, {sign} "
        f"FROM {STRUCTURE} s, (SELECT '{ALL}' AS t UNION ALL SELECT territory_id FROM {CLOSURE} "
        f"WHERE commune_id = (SELECT commune_id FROM {STRUCTURE} WHERE id = {ref}.source_id)) k "
        f"WHERE s.id = {ref}.source_id AND s.withdrawn_at IS NULL AND {condition}",
        vendor="sqlite",
    )


def _sqlite_member(ref: str, sign: str) -> str:
    """Add (or take away) a structure's counts for every network it is a settled member of."""
    return _upsert_networks(
        f"SELECT k.t, {ref}.is_active, {ref}.ess_family, {ref}.kind, {_ess(ref)}, m.target_id, {sign} "
        f"FROM (SELECT '{ALL}' AS t UNION ALL SELECT territory_id FROM {CLOSURE} "
        f"WHERE commune_id = {ref}.commune_id) k, {_settled_networks(f'{ref}.id')} m "
        f"WHERE {ref}.withdrawn_at IS NULL",
        vendor="sqlite",
    )


def _commune_networks(territory: str, commune: str, sign: str) -> str:
    """Select a commune's network counts, as rows of `territory` (a closure row added or removed)."""
    return (
        f"SELECT {territory}, s.is_active, s.ess_family, s.kind, {_ess('s')}, m.target_id, {sign} * COUNT(*) "
        f"FROM {STRUCTURE} s JOIN (SELECT DISTINCT p.source_id, p.target_id FROM {RELATION} p "
        f"JOIN {STRUCTURE} x ON x.id = p.source_id WHERE x.commune_id = {commune} AND {settled('p')}) m "
        f"ON m.source_id = s.id WHERE s.commune_id = {commune} AND s.withdrawn_at IS NULL "
        f"GROUP BY s.is_active, s.ess_family, s.kind, {_ess('s')}, m.target_id"
    )


def _sqlite_triggers() -> list[str]:
    same_pair = "old.source_id = new.source_id AND old.target_id = new.target_id"
    first = f"{_pair_count('new.source_id', 'new.target_id')} = 1"
    last = f"{_pair_count('old.source_id', 'old.target_id')} = 0"
    changed = " OR ".join(
        f"old.{c} IS NOT new.{c}"
        for c in ("id", "commune_id", "is_active", "withdrawn_at", "ess_family", "kind", "is_ess")
    )
    name = f"{NETWORKS}_"
    added = _upsert_networks(_commune_networks("new.territory_id", "new.commune_id", "1"), vendor="sqlite")
    removed = _upsert_networks(_commune_networks("old.territory_id", "old.commune_id", "-1"), vendor="sqlite")
    return [
        f"CREATE TRIGGER {name}r_ai AFTER INSERT ON {RELATION} WHEN {settled('new')} BEGIN "
        f"{_sqlite_pair('new', '1', first)}; END",
        f"CREATE TRIGGER {name}r_ad AFTER DELETE ON {RELATION} WHEN {settled('old')} BEGIN "
        f"{_sqlite_pair('old', '-1', last)}; END",
        f"CREATE TRIGGER {name}r_au AFTER UPDATE ON {RELATION} "
        f"WHEN {settled('old')} OR {settled('new')} BEGIN "
        + _sqlite_pair(
            "old",
            "-1",
            f"{settled('old')} AND NOT ({settled('new')} AND {same_pair}) AND {last}",
        )
        + "; "
        + _sqlite_pair(
            "new",
            "1",
            f"{settled('new')} AND NOT ({settled('old')} AND {same_pair}) AND {first}",
        )
        + "; END",
        f"CREATE TRIGGER {name}s_ai AFTER INSERT ON {STRUCTURE} BEGIN {_sqlite_member('new', '1')}; END",
        f"CREATE TRIGGER {name}s_ad AFTER DELETE ON {STRUCTURE} BEGIN {_sqlite_member('old', '-1')}; END",
        f"CREATE TRIGGER {name}s_au AFTER UPDATE ON {STRUCTURE} WHEN {changed} BEGIN "
        f"{_sqlite_member('old', '-1')}; {_sqlite_member('new', '1')}; END",
        f"CREATE TRIGGER {name}c_ai AFTER INSERT ON {CLOSURE} BEGIN {added}; END",
        f"CREATE TRIGGER {name}c_ad AFTER DELETE ON {CLOSURE} BEGIN {removed}; END",
    ]


def sqlite_trigger_names() -> list[str]:
    """Return the names of the SQLite triggers (a test checks that they all exist)."""
    return [f"{NETWORKS}_{suffix}" for suffix in _SUFFIXES]


# --- PostgreSQL: statement triggers over transition tables -------------------------------------------

_TERRITORIES = (
    f"CROSS JOIN LATERAL (SELECT '{ALL}'::varchar AS t UNION ALL SELECT territory_id FROM {CLOSURE} "
    "WHERE commune_id = s.commune_id) k"
)


def _pg_memberships(rows: str) -> str:
    """Lock the members of the signed `rows`, then count each (member, network) pair that starts or stops
    holding a settled membership: a pair is counted once, however many memberships it holds."""
    lock = (
        f"PERFORM 1 FROM {STRUCTURE} WHERE id IN (SELECT r.source_id FROM ({rows}) r WHERE {settled('r')}) "
        "ORDER BY id FOR NO KEY UPDATE"
    )
    pairs = (
        f"SELECT c.source_id, c.target_id, (CASE WHEN q.n > 0 THEN 1 ELSE 0 END) "
        f"- (CASE WHEN q.n - c.d > 0 THEN 1 ELSE 0 END) AS delta "
        f"FROM (SELECT r.source_id, r.target_id, SUM(r.sign) AS d FROM ({rows}) r WHERE {settled('r')} "
        f"GROUP BY r.source_id, r.target_id) c "
        f"CROSS JOIN LATERAL (SELECT COUNT(*) AS n FROM {RELATION} p WHERE p.source_id = c.source_id "
        f"AND p.target_id = c.target_id AND {settled('p')}) q"
    )
    count = _upsert_networks(
        f"SELECT k.t, s.is_active, s.ess_family, s.kind, {_ess('s')}, x.target_id, SUM(x.delta) "
        f"FROM ({pairs}) x JOIN {STRUCTURE} s ON s.id = x.source_id {_TERRITORIES} "
        f"WHERE x.delta <> 0 AND s.withdrawn_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(x.delta) <> 0",
        vendor="postgresql",
    )
    # Two statements: the count's snapshot is taken once the locks are held (READ COMMITTED).
    return f"{lock}; {count}"


def _pg_members(rows: str) -> str:
    """Move the signed structures of `rows` between groups, for every network they are settled in."""
    return _upsert_networks(
        f"SELECT k.t, s.is_active, s.ess_family, s.kind, {_ess('s')}, m.target_id, SUM(s.sign) "
        f"FROM ({rows}) s CROSS JOIN LATERAL {_settled_networks('s.id')} m {_TERRITORIES} "
        f"WHERE s.withdrawn_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(s.sign) <> 0",
        vendor="postgresql",
    )


def _pg_closure(rows: str) -> str:
    return _upsert_networks(
        f"SELECT c.territory_id, s.is_active, s.ess_family, s.kind, {_ess('s')}, m.target_id, SUM(c.sign) "
        f"FROM ({rows}) c JOIN {STRUCTURE} s ON s.commune_id = c.commune_id "
        f"CROSS JOIN LATERAL {_settled_networks('s.id')} m "
        f"WHERE s.withdrawn_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(c.sign) <> 0",
        vendor="postgresql",
    )


def _pg_triggers() -> list[str]:
    plus = "SELECT *, 1 AS sign FROM new_rows"
    minus = "SELECT *, -1 AS sign FROM old_rows"
    both = f"{minus} UNION ALL {plus}"
    columns = "commune_id, is_active, withdrawn_at, ess_family, kind, is_ess"
    # Only the structures whose group changed: a bulk update of other columns costs nothing here.
    moved = (
        f"SELECT o.*, -1 AS sign FROM old_rows o JOIN new_rows n ON n.id = o.id "
        f"WHERE ({', '.join(f'o.{c}' for c in columns.split(', '))}) IS DISTINCT FROM "
        f"({', '.join(f'n.{c}' for c in columns.split(', '))}) UNION ALL "
        f"SELECT n.*, 1 AS sign FROM new_rows n JOIN old_rows o ON o.id = n.id "
        f"WHERE ({', '.join(f'o.{c}' for c in columns.split(', '))}) IS DISTINCT FROM "
        f"({', '.join(f'n.{c}' for c in columns.split(', '))})"
    )
    name = f"{NETWORKS}_"
    parts = [
        (f"{name}r_ai", RELATION, "INSERT", "NEW TABLE AS new_rows", _pg_memberships(plus)),
        (f"{name}r_ad", RELATION, "DELETE", "OLD TABLE AS old_rows", _pg_memberships(minus)),
        (
            f"{name}r_au",
            RELATION,
            "UPDATE",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            _pg_memberships(both),
        ),
        (f"{name}s_ai", STRUCTURE, "INSERT", "NEW TABLE AS new_rows", _pg_members(plus)),
        (f"{name}s_ad", STRUCTURE, "DELETE", "OLD TABLE AS old_rows", _pg_members(minus)),
        (
            f"{name}s_au",
            STRUCTURE,
            "UPDATE",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            _pg_members(moved),
        ),
        (f"{name}c_ai", CLOSURE, "INSERT", "NEW TABLE AS new_rows", _pg_closure(plus)),
        (f"{name}c_ad", CLOSURE, "DELETE", "OLD TABLE AS old_rows", _pg_closure(minus)),
    ]
    statements: list[str] = []
    for trigger, table, event, referencing, body in parts:
        statements += [pg_function(trigger, body), pg_trigger(trigger, table, event, referencing)]
    rebuild = f"{NETWORKS}_rebuild"
    statements.append(pg_function(rebuild, "; ".join(rebuild_sql())))
    for table in (STRUCTURE, RELATION, CLOSURE):
        # Django's flush (transactional tests) truncates tables: count again from what is left.
        statements.append(
            f"CREATE TRIGGER {rebuild}_{table} AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {rebuild}()"
        )
    return statements


# --- Creating, dropping, rebuilding, moving the horizon ----------------------------------------------


def rebuild_sql() -> list[str]:
    """Return the statements that count every settled membership again (set-based)."""
    members = (
        f"{STRUCTURE} s JOIN (SELECT DISTINCT p.source_id, p.target_id FROM {RELATION} p "
        f"WHERE {settled('p')}) m ON m.source_id = s.id"
    )
    group = f"s.is_active, s.ess_family, s.kind, {_ess('s')} AS is_ess, m.target_id"
    return [
        f"DELETE FROM {NETWORKS}",
        f"INSERT INTO {NETWORKS} ({KEY}, n) "
        f"SELECT t, is_active, ess_family, kind, is_ess, target_id, COUNT(*) "
        f"FROM (SELECT CAST('{ALL}' AS varchar(80)) AS t, {group} FROM {members} "
        f"WHERE s.withdrawn_at IS NULL UNION ALL SELECT c.territory_id, {group} FROM {members} "
        f"JOIN {CLOSURE} c ON c.commune_id = s.commune_id WHERE s.withdrawn_at IS NULL) g "
        f"GROUP BY t, is_active, ess_family, kind, is_ess, target_id",
    ]


def create_sql(vendor: str) -> list[tuple[str, list[Any]]]:
    """Return the statements creating the tables and triggers, the horizon at today, then the counts."""
    triggers = _pg_triggers() if vendor == "postgresql" else _sqlite_triggers()
    today = timezone.localdate()
    horizon = (
        f"INSERT INTO {HORIZON} (id, day) VALUES (1, %s)",
        [today.isoformat() if vendor == "sqlite" else today],
    )
    return [
        *((s, []) for s in _table_sql(vendor)),
        horizon,
        *((s, []) for s in [*rebuild_sql(), *triggers]),
    ]


def drop_triggers_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            *(f"DROP FUNCTION IF EXISTS {NETWORKS}_{s}() CASCADE" for s in _SUFFIXES),
            f"DROP FUNCTION IF EXISTS {NETWORKS}_rebuild() CASCADE",
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_trigger_names()]


def drop_sql(vendor: str) -> list[str]:
    return [
        *drop_triggers_sql(vendor),
        f"DROP INDEX IF EXISTS {INDEX}",
        f"DROP TABLE IF EXISTS {NETWORKS}",
        f"DROP TABLE IF EXISTS {HORIZON}",
    ]


def recreate_sqlite_sql() -> list[str]:
    """Return what re-creates SQLite's triggers and index after Django remade a watched table."""
    return [*drop_triggers_sql("sqlite"), INDEX_SQL, *rebuild_sql(), *_sqlite_triggers()]


def horizon() -> datetime.date:
    """Return the horizon: memberships without an end date started by then are kept counted."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT day FROM {HORIZON} WHERE id = 1")
        value = cursor.fetchone()[0]
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def advance(day: datetime.date | None = None) -> bool:
    """Move the horizon to `day` (today by default, never later) and count again; say whether it moved.

    Directory writes wait meanwhile (PostgreSQL: a SHARE lock on the tables the counts follow; SQLite:
    the one writer), so no trigger counts by the old horizon into the new counts.
    """
    today = timezone.localdate()
    day = min(day or today, today)
    from maillage.structures import discipline_counts  # noqa: PLC0415 (it imports this module)

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {STRUCTURE}, {RELATION}, {CLOSURE}, {LINKS} IN SHARE MODE")
        cursor.execute(f"UPDATE {HORIZON} SET day = %s WHERE id = 1 AND day <> %s", [day_param(day)] * 2)
        if not cursor.rowcount:
            return False
        # The discipline counts' network rows follow the same horizon (ADR 27).
        for statement in [*rebuild_sql(), *discipline_counts.rebuild_sql(networks_only=True)]:
            cursor.execute(statement)
    return True
