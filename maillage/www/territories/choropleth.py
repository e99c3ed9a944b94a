"""Colour classes of a territory's children: one scale shared by the Leaflet map, the PDF map and the legend.

Classes are quantiles of the children's values (structures per 10,000 inhabitants), so each colour holds
about as many children; communes, which have a town-hall point rather than an outline, are drawn as
circles whose area is proportional to their number of structures.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from maillage.french import count_of
from maillage.territories.models import Territory
from maillage.www.templatetags.charts import format_value

# ColorBrewer "Blues", 5 classes: a sequential scale that stays readable printed in grey.
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_VALUE_COLOUR = "#d9d9d9"
MAX_RADIUS = 18.0  # pixels of the circle of the commune with the most structures
MIN_RADIUS = 3.0  # a commune with a single structure stays visible
# A legend prints rates with up to this many decimals before it merges classes that would read alike.
MAX_DECIMALS = 3


@dataclass(frozen=True)
class ChildFigure:
    """One child territory with its figures and its place on the colour scale."""

    territory: Territory
    count: float | None
    rate: float | None
    colour: str = NO_VALUE_COLOUR
    radius: float = 0.0

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else rate_text(self.rate)

    @property
    def rate_label(self) -> str:
        if self.rate is None:
            return "non calculé"
        return f"{rate_text(self.rate)} structures pour 10 000 habitants"


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    label: str


@dataclass(frozen=True)
class Legend:
    """The classes of the colour scale, and why there are fewer than colours when there are."""

    entries: list[LegendEntry] = field(default_factory=list)
    note: str = ""

    def __iter__(self) -> Iterator[LegendEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index: int) -> LegendEntry:
        return self.entries[index]


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


def bound_decimals(bounds: Sequence[float]) -> int:
    """Return the fewest decimals (1 to MAX_DECIMALS) that print every bound apart and above zero."""
    for decimals in range(1, MAX_DECIMALS + 1):
        texts = [format_value(bound, decimals=decimals) for bound in bounds]
        zero = format_value(0, decimals=decimals)
        if len(set(texts)) == len(texts) and all(
            t != zero for b, t in zip(bounds, texts, strict=True) if b > 0
        ):
            return decimals
    return MAX_DECIMALS


def printable_breaks(bounds: Sequence[float], decimals: int) -> list[float]:
    """Merge the classes whose bounds would print alike, keeping each group's highest bound."""
    merged: list[float] = []
    for bound in bounds:
        if merged and round(merged[-1], decimals) == round(bound, decimals):
            merged[-1] = bound
        else:
            merged.append(bound)
    return merged


def legend(breaks: Sequence[float], *, with_missing: bool, decimals: int = 1) -> list[LegendEntry]:
    """Return the legend of the classes, lowest first, and of territories without a value."""
    entries = []
    lower: float | None = None
    for bound in breaks:
        colour = colour_of(bound, breaks)
        upper = format_value(bound, decimals=decimals)
        if lower is None:
            label = "0 (aucune structure)" if bound == 0 else f"jusqu'à {upper}"
        else:
            start = "0" if lower == 0 else format_value(lower, decimals=decimals)
            label = f"plus de {start} à {upper}"
        entries.append(LegendEntry(colour, label))
        lower = bound
    if with_missing:
        entries.append(LegendEntry(NO_VALUE_COLOUR, "non calculé"))
    return entries


def legend_note(classes: int, distinct: int, quantiles: int) -> str:
    """Say why the scale has fewer classes than colours, or nothing when it has them all.

    `distinct` counts the children's distinct values, `quantiles` the classes before merging those that
    would print alike.
    """
    if not classes or classes >= len(PALETTE):
        return ""
    if classes == 1:
        return "Une seule classe : toutes les subdivisions calculées ont la même valeur une fois arrondie."
    shown = f"{count_of(classes, 'classe')} au lieu de {len(PALETTE)}"
    if distinct <= classes:
        values = count_of(distinct, "valeur distincte", "valeurs distinctes")
        return f"{shown} : les subdivisions n'ont que {values}."
    if quantiles > classes:
        return f"{shown} : des valeurs trop proches pour être distinguées une fois arrondies."
    return f"{shown} : beaucoup de subdivisions ont la même valeur."


def rate_text(rate: float) -> str:
    """Print a rate with enough decimals that a small non-zero rate does not read as zero."""
    return format_value(rate, decimals=bound_decimals([rate]))


def radius_of(count: float | None, largest: float) -> float:
    """Return a circle radius whose area is proportional to the count (0 for none)."""
    if not count or largest <= 0:
        return 0.0
    return max(MIN_RADIUS, MAX_RADIUS * math.sqrt(count / largest))


def classify(
    children: Sequence[Territory], counts: Mapping[str, float | None], rates: Mapping[str, float | None]
) -> tuple[list[ChildFigure], Legend]:
    """Place each child on the colour scale and size its circle; return them with the legend."""
    known = [rate for child in children if (rate := rates.get(child.id)) is not None]
    quantiles = quantile_breaks(known)
    decimals = bound_decimals(quantiles)
    # Classes never collapse in the legend ("jusqu'à 0,0 / plus de 0,0 à 0,0"): a finer print first,
    # then fewer classes, and the legend says so.
    breaks = printable_breaks(quantiles, decimals)
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
    entries = legend(breaks, with_missing=missing, decimals=decimals)
    return figures, Legend(entries, legend_note(len(breaks), len(set(known)), len(quantiles)))
