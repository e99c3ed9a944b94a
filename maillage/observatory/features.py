"""Indicators of feature apps (schemes, events…): registered by them, computed live for one territory.

The snapshot indicators (definitions.py) add up commune counts; a feature's count may not (a national
scheme reaches every commune once, not 35,000 times), so a feature indicator computes a territory's
value itself. Core never imports a feature app (ADR 7): each registers from its `AppConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear


@dataclass(frozen=True)
class FeatureIndicator:
    key: str
    label: str
    definition: str
    unit: str
    source: str
    breakdown_label: str
    # territory → [(category key, category label, value)]; the total, when it is one, comes first with key "".
    # None: a value kept secret (statistical secrecy, see `secret_counts`).
    compute: Callable[[Any], Sequence[tuple[str, str, int | None]]]


FEATURE_INDICATORS: dict[str, FeatureIndicator] = {}


def register_feature_indicator(indicator: FeatureIndicator) -> None:
    """Add a feature's indicator to the methodology page and make it computable by key."""
    FEATURE_INDICATORS[indicator.key] = indicator


def feature_indicators() -> list[FeatureIndicator]:
    return list(FEATURE_INDICATORS.values())


# Appended to the definition of every indicator masked by `secret_counts`, for the methodology page.
SECRECY_NOTE = (
    f" Secret statistique : un nombre de 1 à {settings.STATISTICAL_SECRECY_MIN - 1} n'est pas publié, ni "
    "la plus petite autre catégorie quand le total permettrait de le retrouver."
)


# Statistical secrecy: no published count of a feature indicator rests on fewer units than the threshold
# (a count of 1 to 4 items, places, loans… points at the few structures behind it). Zero is published.
def secrecy_threshold() -> int:
    """Return the instance's statistical secrecy threshold (settings.STATISTICAL_SECRECY_MIN)."""
    return int(settings.STATISTICAL_SECRECY_MIN)


def secret_counts(
    rows: list[tuple[str, str, int]], threshold: int | None = None
) -> list[tuple[str, str, int | None]]:
    """Mask the counts from 1 to threshold - 1; under a total (key ""), mask the smallest other categories
    too until the masked ones together are none or at least `threshold`, so that no subtraction of the
    visible categories from the total gives a masked one away (secondary suppression)."""
    threshold = secrecy_threshold() if threshold is None else threshold
    masked = {key for key, _, value in rows if 0 < value < threshold}
    values = {key: value for key, _, value in rows}
    if "" in values and "" not in masked:
        parts = {key: value for key, value in values.items() if key}
        while 0 < sum(parts[key] for key in masked) < threshold:
            visible = [key for key in parts if key not in masked and parts[key] > 0]
            if not visible:
                break
            masked.add(min(visible, key=lambda key: (parts[key], key)))
    return [(key, label, None if key in masked else value) for key, label, value in rows]


def counts_by_year(
    rows: QuerySet[Any], date_field: str, total_label: str = "Toutes années"
) -> list[tuple[str, str, int | None]]:
    """Count the rows in all, then per year of `date_field`, secrecy applied (one GROUP BY query)."""
    counts = dict(
        rows.annotate(year=ExtractYear(date_field))
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    table = [("", total_label, sum(counts.values()))]
    table += [(str(year), str(year), counts[year]) for year in sorted(counts)]
    return secret_counts(table)
