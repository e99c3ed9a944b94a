"""The tables of a territory's dashboard as rows of cells, for CSV downloads.

Each table has a French slug (its file name) and the same columns as on the page. Files follow the
directory's exports (maillage.structures.exports): comma-separated, UTF-8 with a byte order mark, CRLF
line ends, text cells guarded against spreadsheet formulas, numbers with a decimal point.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from maillage.observatory.selectors import IndicatorRow
from maillage.structures.exports import spreadsheet_safe
from maillage.www.territories.dashboard import (
    CATEGORY_CHARTS,
    EVOLUTION_CHARTS,
    NETWORKS_KEY,
    YEAR_CHARTS,
    Dashboard,
)

Cell = str | float | int | None


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    header: list[str]
    rows: list[list[Cell]]


# Slugs of the breakdown tables, by indicator.
BREAKDOWN_SLUGS = {
    "structures_by_ess_family": "familles",
    "structures_by_discipline": "disciplines",
    "structures_by_kind": "types",
    "structures_by_headcount_band": "tranches-effectif",
    "creations_by_year": "creations",
    "closures_by_year": "fermetures",
    NETWORKS_KEY: "reseaux",
}
EVOLUTION_SLUG = "evolution"
KEY_FIGURES_SLUG = "chiffres-cles"
CHILDREN_SLUG = "subdivisions"


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def key_figures_table(dashboard: Dashboard) -> Table:
    """Return the key figures of the territory beside its parents' and France's."""
    parents = dashboard.comparison_territories
    header = ["indicateur", "code", "unite", dashboard.territory.name, *(p.name for p in parents)]
    if not dashboard.is_france:
        header.append("France")
    header += ["source", "millesime"]
    rows: list[list[Cell]] = []
    for row in dashboard.key_rows:
        indicator = row.indicator
        cells: list[Cell] = [indicator.label, indicator.key, indicator.unit, row.value]
        cells += [c.value for c in row.parents]
        if not dashboard.is_france:
            cells.append(row.france)
        cells += [indicator.source_of(dashboard.snapshot), indicator.millesime_of(dashboard.snapshot)]
        rows.append(cells)
    return Table(KEY_FIGURES_SLUG, f"Chiffres clés — {dashboard.territory.name}", header, rows)


def breakdown_table(row: IndicatorRow, dashboard: Dashboard) -> Table:
    """Return an indicator's breakdown: category, value, share in percent."""
    indicator = row.indicator
    label = indicator.breakdown_label or "catégorie"
    rows: list[list[Cell]] = [[b.key, b.label, b.value, _percent(b.share)] for b in row.breakdown]
    return Table(
        BREAKDOWN_SLUGS[indicator.key],
        f"{indicator.label} — {dashboard.territory.name}",
        ["code", label, indicator.unit, "part_pct"],
        rows,
    )


def evolution_table(dashboard: Dashboard) -> Table:
    """Return the key figures at every snapshot of their history, one line per snapshot day."""
    keys = [k for k in EVOLUTION_CHARTS if k in dashboard.rows] + [
        r.indicator.key for r in dashboard.key_rows if r.indicator.key not in EVOLUTION_CHARTS
    ]
    series = {k: dict(dashboard.rows[k].history) for k in keys}
    rows: list[list[Cell]] = [
        [day.isoformat(), *(series[k].get(day) for k in keys)] for day in dashboard.history_dates
    ]
    return Table(EVOLUTION_SLUG, f"Évolution — {dashboard.territory.name}", ["date", *keys], rows)


def children_table(dashboard: Dashboard) -> Table:
    """Return the children with their population, structures and structures per 10,000 inhabitants."""
    rows: list[list[Cell]] = [
        [
            f.territory.id,
            f.territory.name,
            str(f.territory.get_level_display()),
            f.territory.population,
            f.count,
            f.rate,
        ]
        for f in dashboard.children_figures
    ]
    header = [
        "identifiant",
        "territoire",
        "niveau",
        "population",
        "structures",
        "structures_pour_10000_habitants",
    ]
    return Table(CHILDREN_SLUG, f"Subdivisions — {dashboard.territory.name}", header, rows)


def survey_slug(results: Any) -> str:
    return f"enquete-{results.campaign.pk}"


def survey_table(results: Any) -> Table:
    """Return a survey's published needs: theme, need, structures expressing it, share in percent."""
    rows: list[list[Cell]] = [
        [row.theme, row.label, row.count, _percent(row.share)]
        for theme in results.themes
        for row in theme.rows
    ]
    header = ["theme", "besoin", "structures", "part_pct"]
    return Table(survey_slug(results), f"Enquête « {results.title} »", header, rows)


def available_tables(dashboard: Dashboard) -> dict[str, Callable[[], Table]]:
    """Return the builders of every table a dashboard offers for download, by slug."""
    tables: dict[str, Callable[[], Table]] = {CHILDREN_SLUG: lambda: children_table(dashboard)}
    if not dashboard.computed:
        return tables
    tables[KEY_FIGURES_SLUG] = lambda: key_figures_table(dashboard)
    for key in (*CATEGORY_CHARTS, *YEAR_CHARTS, NETWORKS_KEY):
        if key in dashboard.rows:
            row = dashboard.rows[key]
            tables[BREAKDOWN_SLUGS[key]] = lambda row=row: breakdown_table(row, dashboard)  # type: ignore[misc]
    tables[EVOLUTION_SLUG] = lambda: evolution_table(dashboard)
    for results in dashboard.surveys:
        if not results.withheld:
            tables[survey_slug(results)] = lambda results=results: survey_table(results)  # type: ignore[misc]
    return tables


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # Numbers are computed, never typed: written plainly, so a spreadsheet reads them as numbers.
        return str(int(value)) if value.is_integer() else repr(round(value, 4))
    if isinstance(value, int):
        return str(value)
    return spreadsheet_safe(value)


def table_csv(table: Table) -> str:
    """Return a table as CSV text, byte order mark first, as the directory's exports write them."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(name) for name in table.header])
    writer.writerows([_cell(value) for value in row] for row in table.rows)
    return buffer.getvalue()
