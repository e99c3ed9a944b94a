"""Colour classes of a territory's children: one scale shared by the Leaflet map, the PDF map and the legend.

Classes are quantiles of the children's values (structures per 10,000 inhabitants), so each colour holds
about as many children; communes, which have a town-hall point rather than an outline, are drawn as
circles whose area is proportional to their number of structures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from maillage.territories.models import Territory
from maillage.www.templatetags.charts import format_value

# ColorBrewer "Blues", 5 classes: a sequential scale that stays readable printed in grey.
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_VALUE_COLOUR = "#d9d9d9"
MAX_RADIUS = 18.0  # pixels of the circle of the commune with the most structures
MIN_RADIUS = 3.0  # a commune with a single structure stays visible


@dataclass(frozen=True)
class ChildFigure:
    """One child territory with its figures and its place on the colour scale."""

    territory: Territory
    count: float | None
    rate: float | None
    colour: str = NO_VALUE_COLOUR
    radius: float = 0.0

    @property
    def rate_label(self) -> str:
        if self.rate is None:
            return "non calculé"
        return f"{format_value(self.rate, decimals=1)} structures pour 10 000 habitants"


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    label: str


def quantile_breaks(values: Sequence[float], classes: int = len(PALETTE)) -> list[float]:
    """Return the upper bounds of up to `classes` quantile classes, without repeating a bound."""
    ordered = sorted(values)
    if not ordered:
        return []
    breaks: list[float] = []
    for rank in range(1, classes + 1):
        index = min(len(ordered) - 1, math.ceil(rank * len(ordered) / classes) - 1)
        bound = ordered[index]
        if not breaks or bound > breaks[-1]:
            breaks.append(bound)
    return breaks


def colour_of(value: float | None, breaks: Sequence[float]) -> str:
    """Return the colour of the class holding the value, spreading few classes over the whole palette."""
    if value is None or not breaks:
        return NO_VALUE_COLOUR
    position = next((i for i, bound in enumerate(breaks) if value <= bound), len(breaks) - 1)
    if len(breaks) == 1:
        return PALETTE[-1]
    return PALETTE[round(position * (len(PALETTE) - 1) / (len(breaks) - 1))]


def legend(breaks: Sequence[float], *, with_missing: bool) -> list[LegendEntry]:
    """Return the legend of the classes, lowest first, and of territories without a value."""
    entries = []
    lower: float | None = None
    for bound in breaks:
        colour = colour_of(bound, breaks)
        if lower is None:
            label = f"jusqu'à {format_value(bound, decimals=1)}"
        else:
            label = f"plus de {format_value(lower, decimals=1)} à {format_value(bound, decimals=1)}"
        entries.append(LegendEntry(colour, label))
        lower = bound
    if with_missing:
        entries.append(LegendEntry(NO_VALUE_COLOUR, "non calculé"))
    return entries


def radius_of(count: float | None, largest: float) -> float:
    """Return a circle radius whose area is proportional to the count (0 for none)."""
    if not count or largest <= 0:
        return 0.0
    return max(MIN_RADIUS, MAX_RADIUS * math.sqrt(count / largest))


def classify(
    children: Sequence[Territory], counts: dict[str, float | None], rates: dict[str, float | None]
) -> tuple[list[ChildFigure], list[LegendEntry]]:
    """Place each child on the colour scale and size its circle; return them with the legend."""
    known = [rate for child in children if (rate := rates.get(child.id)) is not None]
    breaks = quantile_breaks(known)
    largest = max((c for c in counts.values() if c), default=0.0)
    figures = [
        ChildFigure(
            territory=child,
            count=counts.get(child.id),
            rate=rates.get(child.id),
            colour=colour_of(rates.get(child.id), breaks),
            radius=radius_of(counts.get(child.id), largest),
        )
        for child in children
    ]
    missing = len(known) < len(children)
    return figures, legend(breaks, with_missing=missing)
