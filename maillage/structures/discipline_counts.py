"""Counts kept by the database for discipline searches: the facets of the structures of one discipline.

A discipline filter keeps the structures linked to the discipline or to one of its sub-disciplines (the
discipline's **group**: "spectacle vivant" holds the théâtre companies). `structures_disciplinecount`
holds, per territory of the closure (and "*"), state, family, kind, ESS flag and group, the number of
published structures of the group (`discipline_id` 0, `network_id` 0), of those linked to each discipline
(the discipline facet: `discipline_id`), and of those holding a settled membership of each network (the
network facet, settled as `network_counts` says: `network_id`). A structure is counted once per group
however many of its disciplines belong to it: what a search counts.

Triggers keep it exact for every writer, as `facet_counts` and `network_counts` do for theirs. A change to
one structure's links or memberships takes away what the structure counted before and adds what it
counts after, both computed by the same statement (the rows before the change are the table's without
the new row and with the old one), grouped so that only the rows that change are written. On PostgreSQL
the link and membership triggers lock their structures' rows first (`FOR NO KEY UPDATE`, id order):
two transactions changing one structure's links see each other's before counting. A discipline moved
under another parent counts everything again (reference data: rare).
"""

# Table names are constants of ours, never input.
# ruff: noqa: S608

from __future__ import annotations

from maillage.structures.facet_counts import ALL, CLOSURE, LINKS, STRUCTURE, _ess
from maillage.structures.network_counts import RELATION, settled

DISCIPLINES = "structures_disciplinecount"
DISCIPLINE = "structures_discipline"
KEY = "territory_id, is_active, ess_family, kind, is_ess, group_id, discipline_id, network_id"
_SUFFIXES: tuple[str, ...] = ("l_ai", "l_ad", "l_au", "r_ai", "r_ad", "r_au", "s_ai", "s_ad", "s_au")
_SUFFIXES += ("c_ai", "c_ad", "d_au", "d_ad")


def _upsert(select: str, *, vendor: str) -> str:
    target = DISCIPLINES if vendor == "sqlite" else f"{DISCIPLINES} AS f"
    current = "n" if vendor == "sqlite" else "f.n"
    return (
        f"INSERT INTO {target} ({KEY}, n) {select} "
        f"ON CONFLICT ({KEY}) DO UPDATE SET n = {current} + excluded.n"
    )


def _table_sql(vendor: str) -> list[str]:
    boolean = "boolean" if vendor == "postgresql" else "bool"
    return [
        f"CREATE TABLE {DISCIPLINES} (territory_id varchar(80) NOT NULL, is_active {boolean} NOT NULL, "
        f"ess_family varchar(40) NOT NULL, kind varchar(40) NOT NULL, is_ess smallint NOT NULL, "
        f"group_id integer NOT NULL, discipline_id integer NOT NULL, network_id bigint NOT NULL, "
        f"n integer NOT NULL, PRIMARY KEY ({KEY}))",
    ]


# --- One structure's rows, from a set of links and a set of networks --------------------------------


def _links(sid: str) -> str:
    return f"SELECT discipline_id FROM {LINKS} WHERE structure_id = {sid}"


def _networks(sid: str) -> str:
    return f"SELECT p.target_id FROM {RELATION} p WHERE p.source_id = {sid} AND {settled('p')}"


def _contribution(
    row: str, *, head: str, where: str, commune: str, links: str, networks: str, sign: str, pg: bool
) -> str:
    """Select one structure's signed rows: `row` its columns (from `head`, if not a trigger's row),
    `links` the disciplines it is linked to, `networks` those it holds a settled membership of.

    Groups are the linked disciplines and their parents, once each; in each group, the structure itself
    (0, 0), each of its disciplines (d, 0) and each of its networks (0, w).
    """
    territories = (
        f"(SELECT {_all(pg)} AS t UNION ALL "
        f"SELECT territory_id FROM {CLOSURE} WHERE commune_id = {commune}) k"
    )
    groups = (
        f"(SELECT x.id AS g FROM {DISCIPLINE} x WHERE x.id IN ({links}) UNION "
        f"SELECT x.parent_id FROM {DISCIPLINE} x WHERE x.id IN ({links}) AND x.parent_id IS NOT NULL) g"
    )
    values = (
        f"(SELECT 0 AS d, 0 AS w UNION ALL SELECT y.id, 0 FROM {DISCIPLINE} y WHERE y.id IN ({links}) "
        f"UNION ALL SELECT 0, z.id FROM {STRUCTURE} z WHERE z.id IN ({networks})) v"
    )
    items = [item for item in (head, territories, groups, values) if item]
    joined = (" CROSS JOIN LATERAL " if pg else ", ").join(items)
    return (
        f"SELECT k.t AS t, {row}.is_active AS a, {row}.ess_family AS f, {row}.kind AS k, {_ess(row)} AS e, "
        f"g.g AS g, v.d AS d, v.w AS w, {sign} AS n FROM {joined} WHERE {where}"
    )


def _all(pg: bool) -> str:
    return f"'{ALL}'::varchar" if pg else f"'{ALL}'"


def _delta(parts: list[str], *, vendor: str) -> str:
    """Add the signed rows of `parts` (each a `_contribution`), grouped: only the rows that change."""
    return _upsert(
        f"SELECT t, a, f, k, e, g, d, w, SUM(n) FROM ({' UNION ALL '.join(parts)}) c "
        f"GROUP BY t, a, f, k, e, g, d, w HAVING SUM(n) <> 0",
        vendor=vendor,
    )


# --- Every structure at once: the rebuild, and a commune's rows for a closure row -------------------


def _memberships(restrict: str) -> str:
    """Join `s` to its (structure, group) pairs `g` and its (structure, discipline, network) rows `v`,
    the structures being those `restrict` keeps (a condition on `x`, a structure row)."""
    # Links are read through their discipline, as the triggers read them: a link whose discipline is
    # gone (SQLite's flush deletes the disciplines first) counts in neither.
    groups = (
        f"SELECT l.structure_id AS sid, l.discipline_id AS g FROM {LINKS} l "
        f"JOIN {DISCIPLINE} y ON y.id = l.discipline_id JOIN {STRUCTURE} x ON x.id = l.structure_id "
        f"WHERE {restrict} "
        f"UNION SELECT l.structure_id, y.parent_id FROM {LINKS} l "
        f"JOIN {DISCIPLINE} y ON y.id = l.discipline_id JOIN {STRUCTURE} x ON x.id = l.structure_id "
        f"WHERE y.parent_id IS NOT NULL AND {restrict}"
    )
    values = (
        f"SELECT x.id AS sid, 0 AS d, 0 AS w FROM {STRUCTURE} x WHERE {restrict} "
        f"UNION ALL SELECT l.structure_id, l.discipline_id, 0 FROM {LINKS} l "
        f"JOIN {DISCIPLINE} y ON y.id = l.discipline_id JOIN {STRUCTURE} x ON x.id = l.structure_id "
        f"WHERE {restrict} "
        f"UNION ALL SELECT DISTINCT p.source_id, 0, p.target_id FROM {RELATION} p "
        f"JOIN {STRUCTURE} x ON x.id = p.source_id WHERE {settled('p')} AND {restrict}"
    )
    return f"JOIN ({groups}) g ON g.sid = s.id JOIN ({values}) v ON v.sid = s.id"


def _closure_rows(territory: str, rows: str, sign: str, restrict: str) -> str:
    """Select the rows of the structures of the communes `rows` gives, as rows of `territory`."""
    return (
        f"SELECT {territory}, s.is_active, s.ess_family, s.kind, {_ess('s')}, g.g, v.d, v.w, SUM({sign}) "
        f"FROM {rows} JOIN {STRUCTURE} s ON s.commune_id = c.commune_id {_memberships(restrict)} "
        f"WHERE s.withdrawn_at IS NULL GROUP BY {territory}, s.is_active, s.ess_family, s.kind, "
        f"{_ess('s')}, g.g, v.d, v.w HAVING SUM({sign}) <> 0"
    )


def rebuild_sql(*, networks_only: bool = False) -> list[str]:
    """Return the statements that count every structure again (set-based); `networks_only`: the network
    rows alone (the horizon moved: `network_counts.advance`)."""
    keep = "v.w <> 0" if networks_only else "1 = 1"
    members = f"{STRUCTURE} s {_memberships('x.withdrawn_at IS NULL')}"
    group = f"s.is_active, s.ess_family, s.kind, {_ess('s')} AS is_ess, g.g, v.d, v.w"
    return [
        f"DELETE FROM {DISCIPLINES}" + (" WHERE network_id <> 0" if networks_only else ""),
        f"INSERT INTO {DISCIPLINES} ({KEY}, n) "
        f"SELECT t, is_active, ess_family, kind, is_ess, g, d, w, COUNT(*) "
        f"FROM (SELECT CAST('{ALL}' AS varchar(80)) AS t, {group} FROM {members} "
        f"WHERE s.withdrawn_at IS NULL AND {keep} UNION ALL SELECT c.territory_id, {group} FROM {members} "
        f"JOIN {CLOSURE} c ON c.commune_id = s.commune_id WHERE s.withdrawn_at IS NULL AND {keep}) r "
        f"GROUP BY t, is_active, ess_family, kind, is_ess, g, d, w",
    ]


# --- SQLite: row triggers ----------------------------------------------------------------------------


def _sqlite_changed(sid: str, before_links: str, before_networks: str, guard: str = "") -> str:
    """Take away what structure `sid` counted before a link or membership changed, add what it counts."""
    common = {
        "head": f"{STRUCTURE} s",
        "where": f"s.id = {sid} AND s.withdrawn_at IS NULL{guard}",
        "commune": f"(SELECT commune_id FROM {STRUCTURE} WHERE id = {sid})",
        "pg": False,
    }
    return _delta(
        [
            _contribution("s", links=_links(sid), networks=_networks(sid), sign="1", **common),  # type: ignore[arg-type]
            _contribution("s", links=before_links, networks=before_networks, sign="-1", **common),  # type: ignore[arg-type]
        ],
        vendor="sqlite",
    )


def _sqlite_structure(ref: str, sign: str) -> str:
    return _contribution(
        ref,
        head="",
        where=f"{ref}.withdrawn_at IS NULL",
        commune=f"{ref}.commune_id",
        links=_links(f"{ref}.id"),
        networks=_networks(f"{ref}.id"),
        sign=sign,
        pg=False,
    )


def _sqlite_triggers() -> list[str]:
    name = f"{DISCIPLINES}_"
    # The rows before the change: the table's without the new row, with the old one.
    links_before = {
        "ai": lambda sid: f"{_links(sid)} AND id <> new.id",
        "ad": lambda sid: f"{_links(sid)} UNION ALL SELECT old.discipline_id",
        "au": lambda sid: (
            f"{_links(sid)} AND id <> new.id "
            f"UNION ALL SELECT old.discipline_id WHERE old.structure_id = {sid}"
        ),
    }
    networks_before = {
        "ai": lambda sid: f"{_networks(sid)} AND p.id <> new.id",
        "ad": lambda sid: f"{_networks(sid)} UNION ALL SELECT old.target_id",
        "au": lambda sid: (
            f"{_networks(sid)} AND p.id <> new.id UNION ALL SELECT old.target_id "
            f"WHERE old.source_id = {sid} AND {settled('old')}"
        ),
    }
    events = {"ai": "INSERT", "ad": "DELETE", "au": "UPDATE"}
    statements = []
    for suffix, event in events.items():
        ref = "old" if suffix == "ad" else "new"
        body = _sqlite_changed(
            f"{ref}.structure_id",
            links_before[suffix](f"{ref}.structure_id"),
            _networks(f"{ref}.structure_id"),
        )
        if suffix == "au":  # a link moved to another structure: that one changes too
            other = _sqlite_changed(
                "old.structure_id",
                links_before[suffix]("old.structure_id"),
                _networks("old.structure_id"),
                " AND old.structure_id <> new.structure_id",
            )
            body = f"{body}; {other}"
        statements.append(f"CREATE TRIGGER {name}l_{suffix} AFTER {event} ON {LINKS} BEGIN {body}; END")
    for suffix, event in events.items():
        ref = "old" if suffix == "ad" else "new"
        when = {"ai": settled("new"), "ad": settled("old"), "au": f"{settled('old')} OR {settled('new')}"}[
            suffix
        ]
        body = _sqlite_changed(
            f"{ref}.source_id", _links(f"{ref}.source_id"), networks_before[suffix](f"{ref}.source_id")
        )
        if suffix == "au":
            other = _sqlite_changed(
                "old.source_id",
                _links("old.source_id"),
                networks_before[suffix]("old.source_id"),
                " AND old.source_id <> new.source_id",
            )
            body = f"{body}; {other}"
        statements.append(
            f"CREATE TRIGGER {name}r_{suffix} AFTER {event} ON {RELATION} WHEN {when} BEGIN {body}; END"
        )
    changed = " OR ".join(
        f"old.{c} IS NOT new.{c}"
        for c in ("id", "commune_id", "is_active", "withdrawn_at", "ess_family", "kind", "is_ess")
    )
    added = _closure_rows(
        "new.territory_id", "(SELECT new.commune_id AS commune_id) c", "1", "x.commune_id = new.commune_id"
    )
    removed = _closure_rows(
        "old.territory_id", "(SELECT old.commune_id AS commune_id) c", "-1", "x.commune_id = old.commune_id"
    )
    statements += [
        f"CREATE TRIGGER {name}s_ai AFTER INSERT ON {STRUCTURE} BEGIN "
        f"{_delta([_sqlite_structure('new', '1')], vendor='sqlite')}; END",
        f"CREATE TRIGGER {name}s_ad AFTER DELETE ON {STRUCTURE} BEGIN "
        f"{_delta([_sqlite_structure('old', '-1')], vendor='sqlite')}; END",
        f"CREATE TRIGGER {name}s_au AFTER UPDATE ON {STRUCTURE} WHEN {changed} BEGIN "
        f"{_delta([_sqlite_structure('old', '-1'), _sqlite_structure('new', '1')], vendor='sqlite')}; END",
        f"CREATE TRIGGER {name}c_ai AFTER INSERT ON {CLOSURE} BEGIN {_upsert(added, vendor='sqlite')}; END",
        f"CREATE TRIGGER {name}c_ad AFTER DELETE ON {CLOSURE} BEGIN {_upsert(removed, vendor='sqlite')}; END",
        # A discipline moved under another parent: its structures change groups; count everything again.
        f"CREATE TRIGGER {name}d_au AFTER UPDATE ON {DISCIPLINE} "
        f"WHEN old.parent_id IS NOT new.parent_id OR old.id IS NOT new.id BEGIN "
        f"{'; '.join(rebuild_sql())}; END",
        # A discipline deleted under its links (SQLite's flush empties the tables in name order, the
        # disciplines first): the links' own triggers could no longer find their group. Count again.
        f"CREATE TRIGGER {name}d_ad AFTER DELETE ON {DISCIPLINE} BEGIN {'; '.join(rebuild_sql())}; END",
    ]
    return statements


def sqlite_trigger_names() -> list[str]:
    """Return the names of the triggers (a test checks that they all exist; the same on PostgreSQL)."""
    return [f"{DISCIPLINES}_{suffix}" for suffix in _SUFFIXES]


# --- Creating, dropping ------------------------------------------------------------------------------


def create_sql(vendor: str) -> list[str]:
    """Return the statements creating the table and its triggers, then counting what exists."""
    from maillage.structures.discipline_counts_pg import pg_triggers  # noqa: PLC0415 (it imports this module)

    triggers = pg_triggers() if vendor == "postgresql" else _sqlite_triggers()
    return [*_table_sql(vendor), *rebuild_sql(), *triggers]


def drop_triggers_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            *(f"DROP FUNCTION IF EXISTS {DISCIPLINES}_{s}() CASCADE" for s in _SUFFIXES),
            f"DROP FUNCTION IF EXISTS {DISCIPLINES}_rebuild() CASCADE",
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite_trigger_names()]


def recreate_triggers_sql(vendor: str) -> list[str]:
    """Return what drops every trigger and creates them again as this module writes them (the counts stay)."""
    from maillage.structures.discipline_counts_pg import pg_triggers  # noqa: PLC0415 (it imports this module)

    triggers = pg_triggers() if vendor == "postgresql" else _sqlite_triggers()
    return [*drop_triggers_sql(vendor), *triggers]


def drop_sql(vendor: str) -> list[str]:
    return [*drop_triggers_sql(vendor), f"DROP TABLE IF EXISTS {DISCIPLINES}"]


def recreate_sqlite_sql() -> list[str]:
    """Return what re-creates SQLite's triggers after Django remade a watched table."""
    return [*drop_triggers_sql("sqlite"), *rebuild_sql(), *_sqlite_triggers()]
