"""The observatory's front page: France, then its régions with their figures and diagnostics to download."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from maillage.observatory.definitions import indicator_get
from maillage.observatory.models import Snapshot
from maillage.observatory.precision import is_small_count, scale_for
from maillage.observatory.selectors import lag_of, latest_snapshot, overall_values
from maillage.territories.enums import FRANCE_ID
from maillage.territories.models import Territory
from maillage.www.territories.choropleth import ChildFigure
from maillage.www.territories.dashboard import KEY_FIGURES, FigureCell, children_figures, figure_text


@dataclass(frozen=True)
class Featured:
    """One of France's key figures on the front page."""

    label: str
    cell: FigureCell


def _pdf_url(territory: Territory, snapshot: Snapshot | None) -> str:
    url = reverse("territories:report_pdf", kwargs={"territory_id": territory.id})
    return f"{url}?instantane={snapshot.pk}" if snapshot is not None else url


def featured_figures(snapshot: Snapshot | None) -> list[Featured]:
    """Return France's key figures, printed as on its page."""
    values = overall_values([FRANCE_ID], list(KEY_FIGURES), snapshot)
    structures = values.get((FRANCE_ID, KEY_FIGURES[0]))
    featured = []
    for key in KEY_FIGURES:
        indicator = indicator_get(key)
        value = values.get((FRANCE_ID, key))
        if value is None:
            continue
        scale = scale_for(indicator, [value])
        unit = "%" if indicator.unit == "%" else ""
        cell = FigureCell(figure_text(value, scale, unit), is_small_count(indicator, structures))
        featured.append(Featured(scale.label, cell))
    return featured


def home_context() -> dict[str, Any]:
    """Return what the front page shows; France and its régions in a fixed handful of queries."""
    france = Territory.objects.filter(id=FRANCE_ID).first()
    snapshot = latest_snapshot()
    regions: list[tuple[ChildFigure, str]] = []
    if france is not None:
        _, figures, _ = children_figures(france, snapshot)
        regions = [(figure, _pdf_url(figure.territory, snapshot)) for figure in figures]
    return {
        "france": france,
        "snapshot": snapshot,
        "featured": featured_figures(snapshot) if france is not None else [],
        "regions": regions,
        "france_pdf_url": _pdf_url(france, snapshot) if france is not None else "",
        "lag": lag_of(france, snapshot) if france is not None else None,
    }
