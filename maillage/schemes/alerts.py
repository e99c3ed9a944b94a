"""Saved searches of schemes, for the alerts app (maillage.alerts): parse, describe and find new items."""

from __future__ import annotations

import datetime
import importlib
from typing import Any

from maillage.schemes.search import FilterError, filter_schemes, order_schemes, parse_filters

MAX_ITEMS = 50


def parse(query: Any) -> dict[str, Any]:
    """Return the search's parameters, checked; raise ValueError in French for a bad one."""
    try:
        return parse_filters(query).as_params()
    except FilterError as error:
        raise ValueError(error.message) from None


def describe(params: dict[str, Any]) -> str:
    """Say a saved search in French."""
    parts = [f"« {params['q']} »"] if params.get("q") else []
    if params.get("territoire"):
        parts.append(f"territoire {params['territoire']}")
    for name, label in (
        ("besoin", "besoin"),
        ("type_aide", "type"),
        ("instrument", "instrument"),
        ("cible", "public"),
    ):
        values = params.get(name) or []
        if values:
            parts.append(f"{label} {', '.join(values if isinstance(values, list) else [values])}")
    return "Dispositifs" + (f" : {' ; '.join(parts)}" if parts else " (tous)")


def find(params: dict[str, Any], since: datetime.datetime) -> list[Any]:
    """Return the schemes of the search published since `since`, as alert items."""
    registry = importlib.import_module("maillage.alerts.registry")
    schemes = order_schemes(filter_schemes(parse_filters(params)).filter(created_at__gte=since))[:MAX_ITEMS]
    return [
        registry.AlertItem(
            key=f"dispositif:{s.uid}", title=s.title, url=s.get_absolute_url(), summary=s.promise or s.title
        )
        for s in schemes
    ]


def register_alerts() -> None:
    """Register the catalogue's searches with the alerts app, when installed."""
    registry = importlib.import_module("maillage.alerts.registry")
    registry.register_alert_kind(
        registry.AlertKind(key="dispositifs", label="Dispositifs", parse=parse, describe=describe, find=find)
    )
