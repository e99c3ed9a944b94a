"""The set-based statements of a computation: commune measures, roll-up through the closure, finishing.

Every statement works on all territories at once (never one territory at a time) and runs unchanged on
SQLite and PostgreSQL. The sets of an incremental computation are in `increments.py`; a snapshot sharing
another's values (ADR 35) is summed from its own communes and the shared snapshot's others.
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
from maillage.observatory.values import rows_sql
from maillage.territories.enums import Level
from maillage.territories.models import Territory, TerritoryCommune

COLUMNS = "snapshot_id, territory_id, indicator, dimension, value, numerator, denominator"
VALUE_FIELDS = "territory_id, indicator, dimension, value, numerator, denominator"
# The number of the count of structures, written into the SQL (a constant of ours, never input).
ACTIVE = indicator_code("structures_active")


def tables() -> tuple[str, str, str]:
    quote = connection.ops.quote_name
    return (
        quote(IndicatorValue._meta.db_table),
        quote(TerritoryCommune._meta.db_table),
        quote(Territory._meta.db_table),
    )


def execute(sql: str, params: Sequence[Any] = ()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return max(cursor.rowcount, 0)


def fetch(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return list(cursor.fetchall())


# --- Temporary sets ---------------------------------------------------------------------------------------


def create_work_tables() -> None:
    """Create (or empty) the temporary tables of this connection."""
    for name, column in (("obs_changed", "commune_id"), ("obs_recomputed", "territory_id")):
        execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} ({column} varchar(80) PRIMARY KEY)")
        execute(f"DELETE FROM {name}")


def refresh_statistics() -> None:
    """Let PostgreSQL's planner see the rows this transaction wrote (it would plan for an empty snapshot).

    Without it, joins between the new snapshot and the previous one are planned as if the new one had a
    single row, and a nested loop over hundreds of thousands of rows runs for minutes. ANALYZE counts the
    transaction's own inserts; SQLite's planner does not need it.
    """
    if connection.vendor == "postgresql":
        iv, _, _ = tables()
        execute(f"ANALYZE {iv}")


def drop_work_tables() -> None:
    for name in ("obs_changed", "obs_recomputed"):
        execute(f"DROP TABLE IF EXISTS {name}")


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
    iv, _, _ = tables()
    return execute(
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


def rollup_sql(
    snapshot_id: int, indicators: Iterable[Indicator], *, restricted: bool, shared_id: int | None = None
) -> int:
    """Sum the communes' rows into every territory holding them, in one INSERT … SELECT … GROUP BY.

    With `shared_id`, the communes the snapshot does not hold are read from the snapshot it shares.
    """
    iv, tc, _ = tables()
    condition, keys = _not_additive(indicators)
    join = " JOIN obs_recomputed r ON r.territory_id = tc.territory_id" if restricted else ""
    source, source_params = rows_sql(snapshot_id, shared_id, VALUE_FIELDS)
    return execute(
        f"INSERT INTO {iv} ({COLUMNS}) "
        f"SELECT %s, tc.territory_id, c.indicator, c.dimension, SUM(c.value), SUM(c.numerator), "
        f"SUM(c.denominator) FROM ({source}) c JOIN {tc} tc ON tc.commune_id = c.territory_id{join} "
        f"WHERE tc.territory_id <> tc.commune_id{condition} "
        f"GROUP BY tc.territory_id, c.indicator, c.dimension",
        [snapshot_id, *source_params, *keys],
    )


def rollup_python(
    snapshot_id: int, indicators: Iterable[Indicator], *, restricted: bool, shared_id: int | None = None
) -> int:
    """Sum the communes' rows into every territory holding them, in Python over the commune rows."""
    iv, tc, territory = tables()
    condition, keys = _not_additive(indicators)
    join = " JOIN obs_recomputed r ON r.territory_id = tc.territory_id" if restricted else ""
    holders: dict[str, list[str]] = defaultdict(list)
    for territory_id, commune_id in fetch(
        f"SELECT tc.territory_id, tc.commune_id FROM {tc} tc{join} WHERE tc.territory_id <> tc.commune_id"
    ):
        holders[commune_id].append(territory_id)
    sums: dict[tuple[str, str, str], list[float | None]] = {}
    source, source_params = rows_sql(snapshot_id, shared_id, VALUE_FIELDS)
    rows = fetch(
        f"SELECT {', '.join('c.' + f.strip() for f in VALUE_FIELDS.split(','))} FROM ({source}) c "
        f"JOIN {territory} t ON t.id = c.territory_id WHERE t.level = %s{condition}",
        [*source_params, Level.COMMUNE, *keys],
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
    roll-up wrote (ids above it), leaving the rows taken from the previous snapshot as they were.
    """
    iv, _, territory = tables()
    scope = "" if after_id is None else " AND id > %s"
    scope_of_c = "" if after_id is None else " AND c.id > %s"
    extra = [] if after_id is None else [after_id]
    for indicator in indicators:
        overall = [snapshot_id, indicator_code(indicator.key), *extra]
        if indicator.rollup == RollUp.PER_POPULATION and after_id is not None:
            # The referential's population of the territory (a commune's was measured with it); a project
            # territory keeps the sum of its communes' (its own figure may lag behind a new millésime).
            execute(
                f"UPDATE {iv} SET denominator = COALESCE((SELECT t.population FROM {territory} t "
                f"WHERE t.id = {iv}.territory_id AND t.level <> %s), denominator) "
                f"WHERE snapshot_id = %s AND indicator = %s AND dimension = ''{scope}",
                [Level.PROJET, *overall],
            )
        if indicator.rollup in (RollUp.RATIO, RollUp.PER_POPULATION):
            execute(
                f"DELETE FROM {iv} WHERE snapshot_id = %s AND indicator = %s AND dimension = ''{scope} "
                f"AND (denominator IS NULL OR denominator = 0)",
                overall,
            )
            execute(
                f"UPDATE {iv} SET value = COALESCE(numerator, 0) * %s / denominator "
                f"WHERE snapshot_id = %s AND indicator = %s AND dimension = ''{scope}",
                [indicator.scale, *overall],
            )
        elif indicator.rollup == RollUp.COUNT_CATEGORIES:
            execute(
                f"INSERT INTO {iv} ({COLUMNS}) "
                f"SELECT %s, c.territory_id, %s, '', COUNT(*), NULL, NULL FROM {iv} c "
                f"WHERE c.snapshot_id = %s AND c.indicator = %s AND c.dimension <> ''{scope_of_c} "
                f"GROUP BY c.territory_id",
                [snapshot_id, indicator_code(indicator.key), *overall],
            )


def last_id() -> int:
    """Return the highest id of the values table (rows written later have higher ids)."""
    iv, _, _ = tables()
    return int(fetch(f"SELECT COALESCE(MAX(id), 0) FROM {iv}")[0][0])
