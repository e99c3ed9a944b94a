"""A territory's dashboard: its identity, its indicators beside its parents and France, charts, children.

The dashboard page, the diagnostic report (HTML and PDF) and the CSV tables all read the one `Dashboard`
built here, so a figure is the same wherever it is shown or downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from maillage.observatory.models import Snapshot
from maillage.observatory.precision import MAX_DECIMALS, SMALL_COUNT_NOTE, Scale, is_small_count, scale_for
from maillage.observatory.selectors import (
    BreakdownRow,
    IndicatorRow,
    Lag,
    child_values,
    lag_of,
    latest_snapshot,
    territory_indicators,
)
from maillage.search.params import id_or_none
from maillage.surveys.selectors import territory_results
from maillage.territories.enums import FRANCE_ID, Level
from maillage.territories.models import ReferentialRelease, Territory
from maillage.territories.selectors import (
    referential_release,
    territory_children,
    territory_parents,
    territory_projects,
)
from maillage.www.templatetags.charts import format_value
from maillage.www.territories.choropleth import ChildFigure, Legend, classify

COUNT_KEY = "structures_active"
RATE_KEY = "structures_per_10k"
NETWORKS_KEY = "networks_present"
# The headline figures, in the order of the key figures table.
KEY_FIGURES = (COUNT_KEY, RATE_KEY, "ess_share_cultural", NETWORKS_KEY, "relations_per_structure")
# Breakdowns drawn as bar charts, then the yearly series, then the evolution across snapshots.
CATEGORY_CHARTS = (
    "structures_by_ess_family",
    "structures_by_discipline",
    "structures_by_kind",
    "structures_by_headcount_band",
)
YEAR_CHARTS = ("creations_by_year", "closures_by_year")
EVOLUTION_CHARTS = (COUNT_KEY, RATE_KEY)
# Years shown in the yearly charts: older ones are in the CSV file, a chart of a century is unreadable.
YEARS_SHOWN = 20


@dataclass(frozen=True)
class FigureCell:
    """One printed value of the key figures: its text, and whether it rests on too few structures."""

    text: str
    small: bool = False
    note: str = SMALL_COUNT_NOTE


@dataclass(frozen=True)
class KeyLine:
    """One line of the key figures: the indicator printed at one scale for the territory and its parents."""

    row: IndicatorRow
    scale: Scale
    own: FigureCell
    parents: list[FigureCell]
    france: FigureCell


def figure_text(value: float | None, scale: Scale, unit: str = "") -> str:
    """Print a value at a scale; a non-zero value too small for the decimals says so rather than "0"."""
    scaled = scale.apply(value)
    if scaled is not None and scaled != 0 and round(abs(scaled), scale.decimals) == 0:
        return "moins de " + format_value(10.0**-MAX_DECIMALS, decimals=MAX_DECIMALS)
    return format_value(scaled, unit, decimals=scale.decimals)


def drawn_as_points(children: list[Territory]) -> bool:
    """Tell whether children are communes, drawn as circles at their town hall rather than outlines."""
    return bool(children) and children[0].level in (Level.COMMUNE, Level.ARRONDISSEMENT)


class SnapshotNotFoundError(LookupError):
    """Raised when a pinned snapshot does not exist or is not complete."""


@dataclass
class Dashboard:
    """Everything a territory's dashboard and diagnostic show."""

    territory: Territory
    parents: list[Territory]
    projects: list[Territory]
    children: list[Territory]
    release: ReferentialRelease | None
    snapshot: Snapshot | None
    rows: dict[str, IndicatorRow] = field(default_factory=dict)
    children_figures: list[ChildFigure] = field(default_factory=list)
    legend: Legend = field(default_factory=Legend)
    surveys: list[Any] = field(default_factory=list)
    lag: Lag | None = None

    @property
    def computed(self) -> bool:
        return self.snapshot is not None and bool(self.rows)

    @property
    def is_france(self) -> bool:
        return self.territory.id == FRANCE_ID

    @property
    def comparison_territories(self) -> list[Territory]:
        """Return the parents compared in the key figures table, narrowest first, France excluded."""
        first = next(iter(self.rows.values()), None)
        return [c.territory for c in first.parents] if first else []

    @property
    def key_rows(self) -> list[IndicatorRow]:
        return [self.rows[k] for k in KEY_FIGURES if k in self.rows]

    @cached_property
    def key_lines(self) -> list[KeyLine]:
        """Return the key figures at the scale showing all their values, small counts flagged."""
        counts = self.rows.get(COUNT_KEY)
        lines = []
        for row in self.key_rows:
            indicator = row.indicator
            scale = scale_for(indicator, [row.value, *(c.value for c in row.parents), row.france])
            unit = "%" if indicator.unit == "%" else ""

            def cell(value: float | None, structures: float | None) -> FigureCell:
                return FigureCell(
                    figure_text(value, scale, unit),  # noqa: B023 (used at once, in this iteration)
                    value is not None and is_small_count(indicator, structures),  # noqa: B023
                )

            lines.append(
                KeyLine(
                    row=row,
                    scale=scale,
                    own=cell(row.value, counts.value if counts else None),
                    parents=[
                        cell(c.value, counts.parents[i].value if counts else None)
                        for i, c in enumerate(row.parents)
                    ],
                    france=cell(row.france, counts.france if counts else None),
                )
            )
        return lines

    @property
    def has_small_counts(self) -> bool:
        return any(
            line.own.small or line.france.small or any(c.small for c in line.parents)
            for line in self.key_lines
        )

    @property
    def category_rows(self) -> list[IndicatorRow]:
        return [self.rows[k] for k in CATEGORY_CHARTS if k in self.rows]

    @property
    def year_rows(self) -> list[tuple[IndicatorRow, list[BreakdownRow]]]:
        """Return the yearly series with their last YEARS_SHOWN years."""
        return [(self.rows[k], self.rows[k].breakdown[-YEARS_SHOWN:]) for k in YEAR_CHARTS if k in self.rows]

    @property
    def evolution_rows(self) -> list[IndicatorRow]:
        return [self.rows[k] for k in EVOLUTION_CHARTS if k in self.rows]

    @property
    def has_evolution(self) -> bool:
        """Tell whether there are two snapshots or more to draw an evolution from."""
        return any(len(row.history) > 1 for row in self.evolution_rows)

    @property
    def networks(self) -> list[BreakdownRow]:
        row = self.rows.get(NETWORKS_KEY)
        return row.breakdown if row else []

    @property
    def history_dates(self) -> list[Any]:
        """Return the days of every snapshot in the history of the key figures."""
        return sorted({day for row in self.key_rows for day, _ in row.history})

    @property
    def children_are_points(self) -> bool:
        return drawn_as_points(self.children)

    @property
    def directory_url(self) -> str:
        """Return the directory's list filtered by this territory."""
        return f"{reverse('structures:list')}?{urlencode({'territoire': self.territory.id})}"

    @property
    def networks_directory_url(self) -> str:
        params = {"territoire": self.territory.id, "type": "network"}
        return f"{reverse('structures:list')}?{urlencode(params)}"


def snapshot_for(raw: str | None) -> Snapshot | None:
    """Return the snapshot pinned by `?instantane=<id>`, or the latest; raise SnapshotNotFoundError."""
    if not raw:
        return latest_snapshot()
    number = id_or_none(raw)
    if number is None:
        raise SnapshotNotFoundError(f"Instantané inconnu : « {raw[:20]} ».")
    # The engine's selectors only offer the latest snapshot: a pinned one is read here, complete only.
    snapshot = Snapshot.objects.filter(pk=number, is_complete=True).first()
    if snapshot is None:
        raise SnapshotNotFoundError(f"Instantané inconnu : « {raw[:20]} ».")
    return snapshot


def children_figures(
    territory: Territory, snapshot: Snapshot | None
) -> tuple[list[Territory], list[ChildFigure], Legend]:
    """Return the children of a territory with their figures and colours, and the legend of the scale."""
    if snapshot is None:
        children = territory_children(territory)
        return children, [ChildFigure(child, None, None) for child in children], Legend()
    counts = child_values(territory, COUNT_KEY, snapshot)
    rates = {child.id: value for child, value in child_values(territory, RATE_KEY, snapshot)}
    children = [child for child, _ in counts]
    figures, legend = classify(children, {child.id: value for child, value in counts}, rates)
    return children, figures, legend


def build_dashboard(
    territory: Territory, *, snapshot: Snapshot | None = None, latest: bool = True, surveys: bool = True
) -> Dashboard:
    """Gather a territory's dashboard at a snapshot (the latest one unless `latest` is False)."""
    if snapshot is None and latest:
        snapshot = latest_snapshot()
    dashboard = Dashboard(
        territory=territory,
        parents=territory_parents(territory),
        projects=territory_projects(territory) if territory.level != Level.PAYS else [],
        children=[],
        release=referential_release(),
        snapshot=snapshot,
    )
    if snapshot is not None:
        dashboard.rows = {row.indicator.key: row for row in territory_indicators(territory, snapshot)}
        dashboard.lag = lag_of(territory, snapshot)
    dashboard.children, dashboard.children_figures, dashboard.legend = children_figures(territory, snapshot)
    if surveys:
        dashboard.surveys = territory_results(territory)
    return dashboard
