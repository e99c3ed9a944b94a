"""A territory's key figures as the observatory prints them, for the territory widget."""

from __future__ import annotations

from dataclasses import dataclass

from maillage.observatory.definitions import indicator_get
from maillage.observatory.precision import is_small_count, scale_for
from maillage.observatory.selectors import latest_snapshot, overall_values
from maillage.territories.models import Territory
from maillage.www.territories.dashboard import KEY_FIGURES, FigureCell, figure_text


@dataclass(frozen=True)
class KeyFigure:
    label: str
    cell: FigureCell


def territory_key_figures(territory: Territory) -> list[KeyFigure]:
    """Return the territory's key figures of the latest snapshot (two queries), those it has."""
    snapshot = latest_snapshot()
    values = overall_values([territory.id], list(KEY_FIGURES), snapshot)
    structures = values.get((territory.id, KEY_FIGURES[0]))
    figures = []
    for key in KEY_FIGURES:
        indicator = indicator_get(key)
        value = values.get((territory.id, key))
        if value is None:
            continue
        scale = scale_for(indicator, [value])
        unit = "%" if indicator.unit == "%" else ""
        figures.append(
            KeyFigure(
                scale.label,
                FigureCell(figure_text(value, scale, unit), is_small_count(indicator, structures)),
            )
        )
    return figures
