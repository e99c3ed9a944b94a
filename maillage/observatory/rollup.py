"""The set-based statements of a computation: commune measures, roll-up through the closure, finishing.

Every statement works on all territories at once (never one territory at a time) and runs unchanged on
SQLite and PostgreSQL. Two temporary tables carry the sets of an incremental computation:
`obs_changed` (communes whose measures changed) and `obs_recomputed` (territories recomputed).
"""

# Table and column names below are the models' own, never input; values go through parameters.
# ruff: noqa: S608

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

from maillage.observatory.codes import indicator_code
from maillage.observatory.definitions import Indicator, RollUp
from maillage.observatory.measures import Measure, MeasureContext
from maillage.observatory.models import IndicatorValue
from maillage.territories.enums import Level
from maillage.territories.models import Territory, TerritoryCommune

COLUMNS = "snapshot_id, territory_id, indicator, dimension, value, numerator, denominator"
VALUE_FIELDS = "territory_id, indicator, dimension, value, numerator, denominator"
# The number of the count of structures, written into the SQL (a constant of ours, never input).
ACTIVE = indicator_code("structures_active")


def _tables() -> tuple[str, str, str]:
    quote = connection.ops.quote_name
    return (
        quote(IndicatorValue._meta.db_table),
        quote(TerritoryCommune._meta.db_table),
        quote(Territory._meta.db_table),
    )


def _execute(sql: str, params: Sequence[Any] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return max(cursor.rowcount, 0)


def _fetch(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())


# --- Temporary sets ---------------------------------------------------------------------------------------


def create_work_tables() -> None:
    """Create (or empty) the temporary tables of this connection."""
    for name, column in (("obs_changed", "commune_id"), ("obs_recomputed", "territory_id")):
        _execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} ({column} varchar(80) PRIMARY KEY)")
        _execute(f"DELETE FROM {name}")


def refresh_statistics() -> None:
    """Let PostgreSQL's planner see the rows this transaction wrote (it would plan for an empty snapshot).

    Without it, joins between the new snapshot and the previous one are planned as if the new one had a
    single row, and a nested loop over hundreds of thousands of rows runs for minutes. ANALYZE counts the
    transaction's own inserts; SQLite's planner does not need it.
    """
    if connection.vendor == "postgresql":
        iv, _, _ = _tables()
        _execute(f"ANALYZE {iv}")


def drop_work_tables() -> None:
    for name in ("obs_changed", "obs_recomputed"):
        _execute(f"DROP TABLE IF EXISTS {name}")


# --- Phase 1: commune measures ----------------------------------------------------------------------------


def insert_commune_measures(snapshot_id: int, indicator: Indicator, context: MeasureContext) -> int:
    """Write an indicator's measures for the communes measured, then its overall value; return the rows."""
    measures = indicator.compute(context)
    code = indicator_code(indicator.key)
    rows = _insert_measures(snapshot_id, code, measures)
    if indicator.overall is not None:
        rows += _insert_measures(snapshot_id, code, indicator.overall(context))
    return rows


def _insert_measures(snapshot_id: int, code: int, measures: list[Measure]) -> int:
    """Write measures summed by commune and category, in one INSERT … SELECT … GROUP BY."""
    parts: list[str] = []
    params: list[Any] = []
    for number, queryset in enumerate(measures):
        sql, measure_params = queryset.query.sql_with_params()
        alias = f"m{number}"
        columns = ", ".join(f"{alias}.{column}" for column in ("t", "d", "v", "num", "den"))
        parts.append(f"SELECT {columns} FROM ({sql}) {alias}")
        params.extend(measure_params)
    if not parts:
        return 0
    iv, _, _ = _tables()
    return _execute(
        f"INSERT INTO {iv} ({COLUMNS}) "
        f"SELECT %s, u.t, %s, u.d, SUM(u.v), SUM(u.num), SUM(u.den) "
        f"FROM ({' UNION ALL '.join(parts)}) u WHERE u.t IS NOT NULL GROUP BY u.t, u.d",
        [snapshot_id, code, *params],
    )


# --- Phase 2: roll-up through the closure -----------------------------------------------------------------


def _not_additive(indicators: Iterable[Indicator]) -> tuple[str, list[int]]:
    """Return the condition leaving out overall values that are not sums (numbers of networks)."""
    keys = [indicator_code(i.key) for i in indicators if i.rollup == RollUp.COUNT_CATEGORIES]
    if not keys:
        return "", []
    marks = ", ".join(["%s"] * len(keys))
    return f" AND NOT (c.indicator IN ({marks}) AND c.dimension = '')", keys


def rollup_sql(snapshot_id: int, indicators: Iterable[Indicator], *, restricted: bool) -> int:
    """Sum the communes' rows into every territory holding them, in one INSERT … SELECT … GROUP BY."""
    iv, tc, _ = _tables()
    condition, keys = _not_additive(indicators)
    join = " JOIN obs_recomputed r ON r.territory_id = tc.territory_id" if restricted else ""
    return _execute(
        f"INSERT INTO {iv} ({COLUMNS}) "
        f"SELECT %s, tc.territory_id, c.indicator, c.dimension, SUM(c.value), SUM(c.numerator), "
        f"SUM(c.denominator) FROM {iv} c JOIN {tc} tc ON tc.commune_id = c.territory_id{join} "
        f"WHERE c.snapshot_id = %s AND tc.territory_id <> tc.commune_id{condition} "
        f"GROUP BY tc.territory_id, c.indicator, c.dimension",
        [snapshot_id, snapshot_id, *keys],
    )


def rollup_python(snapshot_id: int, indicators: Iterable[Indicator], *, restricted: bool) -> int:
    """Sum the communes' rows into every territory holding them, in Python over the commune rows."""
    iv, tc, territory = _tables()
    condition, keys = _not_additive(indicators)
    join = " JOIN obs_recomputed r ON r.territory_id = tc.territory_id" if restricted else ""
    holders: dict[str, list[str]] = defaultdict(list)
    for territory_id, commune_id in _fetch(
        f"SELECT tc.territory_id, tc.commune_id FROM {tc} tc{join} WHERE tc.territory_id <> tc.commune_id"
    ):
        holders[commune_id].append(territory_id)
    sums: dict[tuple[str, str, str], list[float | None]] = {}
    rows = _fetch(
        f"SELECT {', '.join('c.' + f.strip() for f in VALUE_FIELDS.split(','))} FROM {iv} c "
        f"JOIN {territory} t ON t.id = c.territory_id WHERE c.snapshot_id = %s AND t.level = %s{condition}",
        [snapshot_id, Level.COMMUNE, *keys],
    )
    for commune_id, indicator, dimension, value, numerator, denominator in rows:
        for territory_id in holders.get(commune_id, ()):
            key = (territory_id, indicator, dimension)
            total = sums.get(key)
            if total is None:
                sums[key] = [value, numerator, denominator]
            else:
                total[0] += value
                if numerator is not None:
                    total[1] = numerator if total[1] is None else total[1] + numerator
                if denominator is not None:
                    total[2] = denominator if total[2] is None else total[2] + denominator
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {iv} ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [(snapshot_id, *key, *total) for key, total in sums.items()],
        )
    return len(sums)


# --- Phase 3: values that are not sums --------------------------------------------------------------------


def finish(snapshot_id: int, indicators: Iterable[Indicator], *, after_id: int | None = None) -> None:
    """Turn summed parts into values: ratios, rates per population, numbers of categories.

    Without `after_id`, on the communes' rows (the only ones written yet); with it, on the rows the
    roll-up wrote (ids above it), leaving the rows copied from the previous snapshot as they were.
    """
    iv, _, territory = _tables()
    scope = "" if after_id is None else " AND id > %s"
    scope_of_c = "" if after_id is None else " AND c.id > %s"
    extra = [] if after_id is None else [after_id]
    for indicator in indicators:
        overall = [snapshot_id, indicator_code(indicator.key), *extra]
        if indicator.rollup == RollUp.PER_POPULATION and after_id is not None:
            # The referential's population of the territory (a commune's was measured with it); a project
            # territory keeps the sum of its communes' (its own figure may lag behind a new millésime).
            _execute(
                f"UPDATE {iv} SET denominator = COALESCE((SELECT t.population FROM {territory} t "
                f"WHERE t.id = {iv}.territory_id AND t.level <> %s), denominator) "
                f"WHERE snapshot_id = %s AND indicator = %s AND dimension = ''{scope}",
                [Level.PROJET, *overall],
            )
        if indicator.rollup in (RollUp.RATIO, RollUp.PER_POPULATION):
            _execute(
                f"DELETE FROM {iv} WHERE snapshot_id = %s AND indicator = %s AND dimension = ''{scope} "
                f"AND (denominator IS NULL OR denominator = 0)",
                overall,
            )
            _execute(
                f"UPDATE {iv} SET value = COALESCE(numerator, 0) * %s / denominator "
                f"WHERE snapshot_id = %s AND indicator = %s AND dimension = ''{scope}",
                [indicator.scale, *overall],
            )
        elif indicator.rollup == RollUp.COUNT_CATEGORIES:
            _execute(
                f"INSERT INTO {iv} ({COLUMNS}) "
                f"SELECT %s, c.territory_id, %s, '', COUNT(*), NULL, NULL FROM {iv} c "
                f"WHERE c.snapshot_id = %s AND c.indicator = %s AND c.dimension <> ''{scope_of_c} "
                f"GROUP BY c.territory_id",
                [snapshot_id, indicator_code(indicator.key), *overall],
            )


def last_id() -> int:
    """Return the highest id of the values table (rows written later have higher ids)."""
    iv, _, _ = _tables()
    return int(_fetch(f"SELECT COALESCE(MAX(id), 0) FROM {iv}")[0][0])


# --- Incremental computation ------------------------------------------------------------------------------


def mark_changed_communes(snapshot_id: int, previous_id: int) -> int:
    """Record the communes whose rows differ between the new snapshot and the previous one.

    Two index joins on (snapshot, territory, indicator, dimension): new rows absent from or different
    in the previous snapshot, then the previous snapshot's commune rows absent from the new one.
    """
    iv, _, _ = _tables()
    differs = " OR ".join(
        f"NOT (n.{column} = p.{column} OR (n.{column} IS NULL AND p.{column} IS NULL))"
        for column in ("value", "numerator", "denominator")
    )
    same_key = "p.territory_id = n.territory_id AND p.indicator = n.indicator AND p.dimension = n.dimension"
    _execute(
        f"INSERT INTO obs_changed (commune_id) SELECT DISTINCT n.territory_id FROM {iv} n "
        f"LEFT JOIN {iv} p ON p.snapshot_id = %s AND {same_key} "
        f"WHERE n.snapshot_id = %s AND (p.id IS NULL OR {differs})",
        [previous_id, snapshot_id],
    )
    # Communes of the new snapshot are those with an overall count (every measured commune has one).
    _execute(
        f"INSERT INTO obs_changed (commune_id) SELECT DISTINCT p.territory_id FROM {iv} p "
        f"WHERE p.snapshot_id = %s "
        f"AND p.territory_id NOT IN (SELECT commune_id FROM obs_changed) "
        f"AND EXISTS (SELECT 1 FROM {iv} c WHERE c.snapshot_id = %s AND c.territory_id = p.territory_id "
        f"AND c.indicator = {ACTIVE} AND c.dimension = '') "
        f"AND NOT EXISTS (SELECT 1 FROM {iv} n WHERE n.snapshot_id = %s AND {same_key})",
        [previous_id, snapshot_id, snapshot_id],
    )
    return int(_fetch("SELECT COUNT(*) FROM obs_changed")[0][0])


def mark_territory_communes(territory_id: str) -> int:
    """Record every commune of a territory as changed (a partial computation of that territory)."""
    _, tc, _ = _tables()
    return _execute(
        f"INSERT INTO obs_changed (commune_id) SELECT commune_id FROM {tc} WHERE territory_id = %s",
        [territory_id],
    )


def mark_recomputed(snapshot_id: int, previous_id: int) -> int:
    """Record the territories to recompute: communes measured, holders of changed communes, new ones."""
    iv, tc, _ = _tables()
    _execute(
        f"INSERT INTO obs_recomputed (territory_id) "
        f"SELECT DISTINCT territory_id FROM {iv} WHERE snapshot_id = %s",
        [snapshot_id],
    )
    _execute(
        f"INSERT INTO obs_recomputed (territory_id) SELECT DISTINCT tc.territory_id FROM {tc} tc "
        f"JOIN obs_changed c ON c.commune_id = tc.commune_id "
        f"WHERE tc.territory_id NOT IN (SELECT territory_id FROM obs_recomputed)"
    )
    # Territories the previous snapshot did not know (a project territory created since).
    _execute(
        f"INSERT INTO obs_recomputed (territory_id) SELECT DISTINCT tc.territory_id FROM {tc} tc "
        f"WHERE tc.territory_id NOT IN (SELECT territory_id FROM obs_recomputed) AND NOT EXISTS ("
        f"SELECT 1 FROM {iv} p WHERE p.snapshot_id = %s AND p.territory_id = tc.territory_id "
        f"AND p.indicator = {ACTIVE} AND p.dimension = '')",
        [previous_id],
    )
    return _fetch("SELECT COUNT(*) FROM obs_recomputed")[0][0]


def copy_unchanged(snapshot_id: int, previous_id: int) -> int:
    """Copy the previous snapshot's rows of every territory not recomputed."""
    iv, _, _ = _tables()
    return _execute(
        f"INSERT INTO {iv} ({COLUMNS}) SELECT %s, {VALUE_FIELDS} FROM {iv} p WHERE p.snapshot_id = %s "
        f"AND NOT EXISTS (SELECT 1 FROM obs_recomputed r WHERE r.territory_id = p.territory_id)",
        [snapshot_id, previous_id],
    )


def count_values(snapshot_id: int) -> int:
    iv, _, _ = _tables()
    return int(_fetch(f"SELECT COUNT(*) FROM {iv} WHERE snapshot_id = %s", [snapshot_id])[0][0])


# --- Amending a snapshot in place (edits of the directory) ------------------------------------------------


def mark_communes(communes: Iterable[str]) -> int:
    """Record the given communes (those of the referential) as changed."""
    ids = sorted(set(communes))
    _, _, territory = _tables()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        _execute(
            f"INSERT INTO obs_changed (commune_id) SELECT id FROM {territory} "
            f"WHERE level = %s AND id IN ({', '.join(['%s'] * len(chunk))})",
            [Level.COMMUNE, *chunk],
        )
    return int(_fetch("SELECT COUNT(*) FROM obs_changed")[0][0])


def mark_holders() -> int:
    """Record every territory holding a changed commune (the communes themselves included)."""
    _, tc, _ = _tables()
    _execute(
        f"INSERT INTO obs_recomputed (territory_id) SELECT DISTINCT tc.territory_id FROM {tc} tc "
        f"JOIN obs_changed c ON c.commune_id = tc.commune_id"
    )
    return int(_fetch("SELECT COUNT(*) FROM obs_recomputed")[0][0])


def replace_recomputed(snapshot_id: int, scratch_id: int) -> int:
    """Delete the recomputed territories' rows of a snapshot, then move the scratch snapshot's rows in."""
    iv, _, _ = _tables()
    _execute(
        f"DELETE FROM {iv} WHERE snapshot_id = %s "
        f"AND territory_id IN (SELECT territory_id FROM obs_recomputed)",
        [snapshot_id],
    )
    return _execute(f"UPDATE {iv} SET snapshot_id = %s WHERE snapshot_id = %s", [snapshot_id, scratch_id])
