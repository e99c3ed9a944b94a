"""Indicators of feature apps (schemes, events…): registered by them, computed live for one territory.

The snapshot indicators (definitions.py) add up commune counts; a feature's count may not (a national
scheme reaches every commune once, not 35,000 times), so a feature indicator computes a territory's
value itself. Core never imports a feature app (ADR 7): each registers from its `AppConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FeatureIndicator:
    key: str
    label: str
    definition: str
    unit: str
    source: str
    breakdown_label: str
    # territory → [(category key, category label, value)]; the total, when it is one, comes first with key "".
    compute: Callable[[Any], list[tuple[str, str, int]]]


FEATURE_INDICATORS: dict[str, FeatureIndicator] = {}


def register_feature_indicator(indicator: FeatureIndicator) -> None:
    """Add a feature's indicator to the methodology page and make it computable by key."""
    FEATURE_INDICATORS[indicator.key] = indicator


def feature_indicators() -> list[FeatureIndicator]:
    return list(FEATURE_INDICATORS.values())
