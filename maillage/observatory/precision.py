"""How a rate or an average is printed so that it reads true: scale, decimals, and small counts flagged.

A rate per 10,000 inhabitants that rounds to 0,0 is shown per 100,000 instead; an average that rounds to
zero gets the decimals it needs; a value computed over too few structures is printed but flagged, because
one structure more or less would change it by more than the differences it would be compared with.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from maillage.observatory.definitions import Indicator, RollUp

# Below this many structures, a rate or an average is flagged "effectif trop faible pour comparer".
SMALL_COUNT = 30
SMALL_COUNT_NOTE = "effectif trop faible pour comparer"
# A rate is never printed with more decimals than this: beyond, it says "moins de 0,0001".
MAX_DECIMALS = 4
# Indicators computed over the territory's structures (flagged when they are few).
OVER_STRUCTURES = (RollUp.PER_POPULATION, RollUp.RATIO)
OVER_STRUCTURES_KEYS = ("structures_per_10k", "relations_per_structure")


@dataclass(frozen=True)
class Scale:
    """How one indicator is printed in one table: its label, its unit, a factor and decimals."""

    label: str
    unit: str
    factor: float = 1.0
    decimals: int = 0

    def apply(self, value: float | None) -> float | None:
        return None if value is None else value * self.factor


def _rounds_to_zero(value: float | None, decimals: int) -> bool:
    return value is not None and value != 0 and round(abs(value), decimals) == 0


def scale_for(indicator: Indicator, values: Iterable[float | None]) -> Scale:
    """Return the scale that prints every non-zero value of a row (a territory, its parents, France)."""
    shown = [v for v in values if v is not None]
    label, unit, factor, decimals = indicator.label, indicator.unit, 1.0, indicator.decimals
    if indicator.rollup == RollUp.PER_POPULATION and any(_rounds_to_zero(v, decimals) for v in shown):
        # Per 100,000 inhabitants: the unit public health and culture statistics use for rare things.
        factor = 10.0
        label = label.replace("10 000", "100 000")
        unit = unit.replace("10 000", "100 000")
    if indicator.rollup in OVER_STRUCTURES:
        while decimals < MAX_DECIMALS and any(_rounds_to_zero(v * factor, decimals) for v in shown):
            decimals += 1
    return Scale(label=label, unit=unit, factor=factor, decimals=decimals)


def is_small_count(indicator: Indicator, structures: float | None) -> bool:
    """Tell whether a rate or average rests on too few structures to be compared."""
    return indicator.key in OVER_STRUCTURES_KEYS and structures is not None and structures < SMALL_COUNT
