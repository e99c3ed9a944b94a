"""PostgreSQL's triggers of the discipline counts (`discipline_counts` says what they keep).

Statement triggers over transition tables: one statement's rows are counted together, and the link and
membership triggers lock their structures' rows first (`FOR NO KEY UPDATE`, id order) so that two
transactions changing one structure's links see each other's before counting.
"""

# Table names are constants of ours, never input.
# ruff: noqa: S608

from __future__ import annotations

from maillage.structures.discipline_counts import (
    DISCIPLINE,
    DISCIPLINES,
    _closure_rows,
    _contribution,
    _delta,
    _links,
    _networks,
    _upsert,
    rebuild_sql,
)
from maillage.structures.facet_counts import CLOSURE, LINKS, STRUCTURE, pg_function, pg_trigger
from maillage.structures.network_counts import RELATION, settled


def _pg_changed(column: str, tables: tuple[str, ...], before_links: str, before_networks: str) -> str:
    """Lock the structures the changed rows name (`column` of `tables`, the transition tables), then take
    away what each counted before the statement and add what it counts after."""
    named = " UNION ".join(f"SELECT {column} FROM {table}" for table in tables)
    lock = f"PERFORM 1 FROM {STRUCTURE} WHERE id IN ({named}) ORDER BY id FOR NO KEY UPDATE"
    common = {
        "head": f"(SELECT DISTINCT {column} AS sid FROM ({named}) r) a JOIN {STRUCTURE} s ON s.id = a.sid",
        "where": "s.withdrawn_at IS NULL",
        "commune": "s.commune_id",
        "pg": True,
    }
    count = _delta(
        [
            _contribution("s", links=_links("a.sid"), networks=_networks("a.sid"), sign="1", **common),  # type: ignore[arg-type]
            _contribution("s", links=before_links, networks=before_networks, sign="-1", **common),  # type: ignore[arg-type]
        ],
        vendor="postgresql",
    )
    # Two statements: the count's snapshot is taken once the locks are held (READ COMMITTED).
    return f"{lock}; {count}"


def _pg_before(rows: str, column: str, tables: tuple[str, ...], value: str, condition: str = "") -> str:
    """Return the rows of structure `a.sid` before the statement: the table's without the new rows, with
    the old ones (`rows` selects the table's, `value` names the column to give, `condition` keeps the
    old rows that counted)."""
    parts = [f"{rows} AND id NOT IN (SELECT id FROM new_rows)" if "new_rows" in tables else rows]
    if "old_rows" in tables:
        parts.append(f"SELECT o.{value} FROM old_rows o WHERE o.{column} = a.sid{condition}")
    return " UNION ALL ".join(parts)


def _pg_structures(rows: str) -> str:
    return _delta(
        [
            _contribution(
                "s",
                head=f"({rows}) s",
                where="s.withdrawn_at IS NULL",
                commune="s.commune_id",
                links=_links("s.id"),
                networks=_networks("s.id"),
                sign="s.sign",
                pg=True,
            )
        ],
        vendor="postgresql",
    )


def pg_triggers() -> list[str]:
    """Return the functions and statement triggers keeping the discipline counts on PostgreSQL."""
    name = f"{DISCIPLINES}_"
    events = {
        "ai": ("INSERT", "NEW TABLE AS new_rows", ("new_rows",)),
        "ad": ("DELETE", "OLD TABLE AS old_rows", ("old_rows",)),
        "au": ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", ("old_rows", "new_rows")),
    }
    parts: list[tuple[str, str, str, str, str]] = []
    for suffix, (event, referencing, tables) in events.items():
        links = _pg_before(_links("a.sid"), "structure_id", tables, "discipline_id")
        body = _pg_changed("structure_id", tables, links, _networks("a.sid"))
        parts.append((f"{name}l_{suffix}", LINKS, event, referencing, body))
    for suffix, (event, referencing, tables) in events.items():
        settled_rows = tuple(f"(SELECT * FROM {t} r WHERE {settled('r')})" for t in tables)
        networks = _pg_before(_networks("a.sid"), "source_id", tables, "target_id", f" AND {settled('o')}")
        body = _pg_changed("source_id", tuple(f"{t} t" for t in settled_rows), _links("a.sid"), networks)
        parts.append((f"{name}r_{suffix}", RELATION, event, referencing, body))
    plus = "SELECT *, 1 AS sign FROM new_rows"
    minus = "SELECT *, -1 AS sign FROM old_rows"
    columns = ("id", "commune_id", "is_active", "withdrawn_at", "ess_family", "kind", "is_ess")
    differs = (
        f"({', '.join(f'o.{c}' for c in columns)}) IS DISTINCT FROM ({', '.join(f'n.{c}' for c in columns)})"
    )
    # Only the structures whose group changed: a bulk update of other columns costs nothing here.
    moved = (
        f"SELECT o.*, -1 AS sign FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {differs} UNION ALL "
        f"SELECT n.*, 1 AS sign FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {differs}"
    )
    parts += [
        (f"{name}s_ai", STRUCTURE, "INSERT", "NEW TABLE AS new_rows", _pg_structures(plus)),
        (f"{name}s_ad", STRUCTURE, "DELETE", "OLD TABLE AS old_rows", _pg_structures(minus)),
        (
            f"{name}s_au",
            STRUCTURE,
            "UPDATE",
            "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            _pg_structures(moved),
        ),
    ]
    for suffix, (rows, table) in {"c_ai": (plus, "new_rows"), "c_ad": (minus, "old_rows")}.items():
        body = _upsert(
            _closure_rows(
                "c.territory_id", f"({rows}) c", "c.sign", f"x.commune_id IN (SELECT commune_id FROM {table})"
            ),
            vendor="postgresql",
        )
        event, referencing = (
            ("INSERT", "NEW TABLE AS new_rows") if suffix == "c_ai" else ("DELETE", "OLD TABLE AS old_rows")
        )
        parts.append((f"{name}{suffix}", CLOSURE, event, referencing, body))
    moved_parent = (
        "IF EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id "
        f"WHERE o.parent_id IS DISTINCT FROM n.parent_id) THEN {'; '.join(rebuild_sql())}; END IF"
    )
    parts.append(
        (f"{name}d_au", DISCIPLINE, "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows", moved_parent)
    )
    # Disciplines deleted (never by the application: reference data is withdrawn): count everything again.
    parts.append((f"{name}d_ad", DISCIPLINE, "DELETE", "OLD TABLE AS old_rows", "; ".join(rebuild_sql())))
    statements: list[str] = []
    for trigger, table, event, referencing, body in parts:
        statements += [pg_function(trigger, body), pg_trigger(trigger, table, event, referencing)]
    rebuild = f"{DISCIPLINES}_rebuild"
    statements.append(pg_function(rebuild, "; ".join(rebuild_sql())))
    for table in (STRUCTURE, LINKS, RELATION, CLOSURE, DISCIPLINE):
        # Django's flush (transactional tests) truncates tables: count again from what is left.
        statements.append(
            f"CREATE TRIGGER {DISCIPLINES}_truncate AFTER TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {rebuild}()"
        )
    return statements
