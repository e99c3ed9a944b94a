"""Reads of the observatory: a territory's indicators beside its parents and France, children, history.

`territory_indicators` takes a fixed handful of queries whatever the number of indicators: the snapshot,
the parents (territory_parents), the territory's values, its parents' and France's, its history, and the
names of the disciplines and networks of its breakdowns.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import FilteredRelation, Q
from django.utils import timezone

from maillage.observatory.definitions import INDICATORS, Indicator, ShareOf, indicator_get
from maillage.observatory.measures import NO_DISCIPLINE
from maillage.observatory.models import Snapshot
from maillage.observatory.values import HELD, snapshot_values
from maillage.structures.enums import EssFamily, HeadcountBand, StructureKind
from maillage.structures.models import Discipline, Structure
from maillage.territories.enums import FRANCE_ID
from maillage.territories.models import Territory, TerritoryCommune
from maillage.territories.selectors import territory_children, territory_parents

OVERALL = HELD  # present for every territory computed: it tells zero from unknown
ENUM_LABELS: dict[str, dict[str, str]] = {
    "ess_family": dict(EssFamily.choices),
    "kind": dict(StructureKind.choices),
    "headcount_band": dict(HeadcountBand.choices),
}


@dataclass(frozen=True)
class Comparison:
    territory: Territory
    value: float | None


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    value: float
    share: float | None


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    value: float | None
    parents: list[Comparison]
    france: float | None
    breakdown: list[BreakdownRow]
    history: list[tuple[datetime.date, float]]


@dataclass(frozen=True)
class MethodologyEntry:
    indicator: Indicator
    source: str
    millesime: str


@dataclass(frozen=True)
class Methodology:
    snapshot: Snapshot | None
    entries: list[MethodologyEntry]


def latest_snapshot() -> Snapshot | None:
    """Return the most recent complete snapshot, or None before the first computation."""
    return Snapshot.objects.filter(is_complete=True).order_by("-taken_at", "-pk").first()


def indicator_definitions() -> list[Indicator]:
    """Return every indicator of the registry, in the order pages show them."""
    return list(INDICATORS)


def methodology(snapshot: Snapshot | None = None) -> Methodology:
    """Return each indicator's definition with the source and millésime of a snapshot (latest by default)."""
    snapshot = snapshot or latest_snapshot()
    return Methodology(
        snapshot=snapshot,
        entries=[
            MethodologyEntry(indicator=i, source=i.source_of(snapshot), millesime=i.millesime_of(snapshot))
            for i in INDICATORS
        ],
    )


def _value(values: dict[tuple[str, str], float], territory_id: str, indicator: Indicator) -> float | None:
    """Return a stored value; a count absent from a computed territory is zero, a ratio is undefined."""
    found = values.get((territory_id, indicator.key))
    if found is None and indicator.is_count and (territory_id, OVERALL) in values:
        return 0.0
    return found


def territory_indicators(territory: Territory, snapshot: Snapshot | None = None) -> list[IndicatorRow]:
    """Return every indicator of a territory with its parents', France's, its breakdown and its history."""
    snapshot = snapshot or latest_snapshot()
    parents = [p for p in territory_parents(territory) if p.id != FRANCE_ID]
    if snapshot is None:
        return [
            IndicatorRow(i, None, [Comparison(p, None) for p in parents], None, [], []) for i in INDICATORS
        ]
    ids = {territory.id, FRANCE_ID, *(p.id for p in parents)}
    overall: dict[tuple[str, str], float] = {}
    categories: dict[str, dict[str, float]] = defaultdict(dict)
    keys = [i.key for i in INDICATORS]
    values = snapshot_values(snapshot).filter(indicator__in=keys)
    # Two range reads of the (snapshot, indicator, territory, dimension) index: every category of the
    # territory, then the overall values of its parents and France.
    for key, dimension, value in values.filter(territory_id=territory.id).values_list(
        "indicator", "dimension", "value"
    ):
        if dimension:
            categories[key][dimension] = value
        else:
            overall[(territory.id, key)] = value
    for territory_id, key, value in values.filter(
        territory_id__in=ids - {territory.id}, dimension=""
    ).values_list("territory_id", "indicator", "value"):
        overall[(territory_id, key)] = value
    history = _history(territory, snapshot)
    labels = _labels(categories)
    rows = []
    for indicator in INDICATORS:
        own = _value(overall, territory.id, indicator)
        rows.append(
            IndicatorRow(
                indicator=indicator,
                value=own,
                parents=[Comparison(p, _value(overall, p.id, indicator)) for p in parents],
                france=_value(overall, FRANCE_ID, indicator),
                breakdown=_breakdown(
                    indicator,
                    categories.get(indicator.key, {}),
                    own,
                    overall.get((territory.id, OVERALL)),
                    labels,
                ),
                history=history.get(indicator.key, []),
            )
        )
    return rows


def _history(territory: Territory, snapshot: Snapshot) -> dict[str, list[tuple[datetime.date, float]]]:
    """Return each indicator's overall value at every complete snapshot up to this one, one per day."""
    # One statement: every complete snapshot up to this one, with the territory's own overall values in it
    # (none when the snapshot shares another's and did not recompute the territory).
    own: dict[int, dict[str, float]] = defaultdict(dict)
    snapshots: list[tuple[int, datetime.datetime, int | None]] = []
    for snapshot_id, taken_at, shared_id, key, value in (
        Snapshot.objects.filter(is_complete=True, taken_at__lte=snapshot.taken_at)
        .annotate(
            own=FilteredRelation(
                "values",
                condition=Q(
                    values__territory_id=territory.id,
                    values__indicator__in=[i.key for i in INDICATORS],
                    values__dimension="",
                ),
            )
        )
        .order_by("taken_at", "id")
        .values_list("id", "taken_at", "shares_values_of_id", "own__indicator", "own__value")
    ):
        if not snapshots or snapshots[-1][0] != snapshot_id:
            snapshots.append((snapshot_id, taken_at, shared_id))
        if key is not None:
            own[snapshot_id][key] = value
    by_day: dict[datetime.date, dict[str, float]] = {}
    for shown_id, shown_at, shares_id in snapshots:
        # A snapshot sharing another's values and not holding the territory shows the shared values.
        values = own.get(shown_id, {})
        if shares_id is not None and OVERALL not in values:
            values = own.get(shares_id, {})
        if values:  # a later snapshot of the same day replaces the earlier
            by_day[timezone.localtime(shown_at).date()] = values
    history: dict[str, list[tuple[datetime.date, float]]] = defaultdict(list)
    for day, values in sorted(by_day.items()):
        for indicator in INDICATORS:
            point = values.get(indicator.key)
            if point is None and indicator.is_count and OVERALL in values:
                point = 0.0
            if point is not None:
                history[indicator.key].append((day, point))
    return history


def _labels(categories: dict[str, dict[str, float]]) -> dict[str, dict[str, tuple[str, str, int]]]:
    """Return (key shown, label, order) of the disciplines and networks present, in two queries at most."""
    labels: dict[str, dict[str, tuple[str, str, int]]] = {}
    if "structures_by_discipline" in categories:
        labels["discipline"] = {
            slug: (slug, name, position)
            for slug, name, position in Discipline.objects.values_list("slug", "name", "position")
        }
        labels["discipline"][NO_DISCIPLINE] = (NO_DISCIPLINE, "Discipline non renseignée", 10_000)
    network_ids = [int(k) for k in categories.get("networks_present", {}) if k.isdigit()]
    if network_ids:
        labels["network"] = {
            str(pk): (slug, name, 0)
            for pk, slug, name in Structure.objects.filter(pk__in=network_ids).values_list(
                "pk", "slug", "name"
            )
        }
    return labels


def _breakdown(
    indicator: Indicator,
    values: dict[str, float],
    overall: float | None,
    structures: float | None,
    labels: dict[str, dict[str, tuple[str, str, int]]],
) -> list[BreakdownRow]:
    if not indicator.breakdown or not values:
        return []
    base = {ShareOf.VALUE: overall, ShareOf.SUM: sum(values.values()), ShareOf.STRUCTURES: structures}[
        indicator.share_of
    ]
    dimension = indicator.breakdown
    entries: list[tuple[tuple[float, str], BreakdownRow]] = []
    enum = ENUM_LABELS.get(dimension)
    order = {key: position for position, key in enumerate(enum)} if enum else {}
    for key, value in values.items():
        share = value / base if base else None
        sort: tuple[float, str]
        if enum is not None:
            row, sort = BreakdownRow(key, enum.get(key, key), value, share), (order.get(key, len(order)), key)
        elif dimension == "year":
            row, sort = BreakdownRow(key, key, value, share), (int(key) if key.isdigit() else 0, key)
        else:
            shown, label, position = labels.get(dimension, {}).get(key, (key, key, 0))
            row = BreakdownRow(shown, label, value, share)
            sort = (-value, label) if dimension == "network" else (position, label)
        entries.append((sort, row))
    return [row for _, row in sorted(entries, key=lambda entry: entry[0])]


def child_values(
    territory: Territory, indicator_key: str, snapshot: Snapshot | None = None
) -> list[tuple[Territory, float | None]]:
    """Return the overall value of one indicator for each child territory (régions → départements…)."""
    indicator = indicator_get(indicator_key)
    snapshot = snapshot or latest_snapshot()
    children = territory_children(territory)
    if snapshot is None or not children:
        return [(child, None) for child in children]
    values = {
        (territory_id, key): value
        for territory_id, key, value in snapshot_values(snapshot)
        .filter(
            territory_id__in=[c.id for c in children],
            indicator__in={indicator.key, OVERALL},
            dimension="",
        )
        .values_list("territory_id", "indicator", "value")
    }
    return [(child, _value(values, child.id, indicator)) for child in children]


@dataclass(frozen=True)
class Lag:
    """Records added or changed in the directory after the snapshot a page shows: not counted yet."""

    since: datetime.datetime
    records: int


def lag_of(territory: Territory, snapshot: Snapshot | None) -> Lag | None:
    """Count the territory's structures written after the snapshot was computed; None when none were.

    A structure created, edited, withdrawn or closed since then is counted (its `updated_at` moved), in
    one query; France counts every structure with a commune, other territories those of their communes.
    """
    if snapshot is None:
        return None
    changed = Structure.objects.filter(updated_at__gt=snapshot.taken_at, commune__isnull=False)
    if territory.id != FRANCE_ID:
        communes = TerritoryCommune.objects.filter(territory_id=territory.id).values("commune_id")
        changed = changed.filter(commune_id__in=communes)
    records = changed.count()
    return Lag(since=snapshot.taken_at, records=records) if records else None


def overall_values(
    territory_ids: list[str], keys: list[str], snapshot: Snapshot | None = None
) -> dict[tuple[str, str], float | None]:
    """Return the overall value of some indicators for some territories, in one query."""
    snapshot = snapshot or latest_snapshot()
    if snapshot is None:
        return {}
    found = {
        (territory_id, key): value
        for territory_id, key, value in snapshot_values(snapshot)
        .filter(territory_id__in=territory_ids, indicator__in={*keys, OVERALL}, dimension="")
        .values_list("territory_id", "indicator", "value")
    }
    return {
        (territory_id, key): _value(found, territory_id, indicator_get(key))
        for territory_id in territory_ids
        for key in keys
    }
