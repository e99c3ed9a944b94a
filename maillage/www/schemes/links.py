"""Facet links of the catalogue: each one the current query with one value toggled."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

MULTI_VALUED = frozenset({"type_aide", "besoin", "instrument", "cible"})


def with_query(path: str, params: Mapping[str, Any]) -> str:
    query = urlencode(params, doseq=True)
    return f"{path}?{query}" if query else path


def toggled(params: Mapping[str, Any], name: str, value: str) -> dict[str, Any]:
    changed: dict[str, Any] = {k: list(v) if isinstance(v, list) else v for k, v in params.items()}
    changed.pop("page", None)
    if name in MULTI_VALUED:
        current = list(changed.get(name, []))
        changed[name] = [v for v in current if v != value] if value in current else [*current, value]
    else:
        changed[name] = "" if changed.get(name) == value else value
    return {k: v for k, v in changed.items() if v not in ("", [], None)}


def facet_groups(
    path: str,
    params: Mapping[str, Any],
    counted: Mapping[str, list[tuple[str, str, int]]],
    titles: Mapping[str, str],
) -> list[dict[str, Any]]:
    groups = []
    for name, values in counted.items():
        if not values:
            continue
        chosen = params.get(name, [])
        chosen = chosen if isinstance(chosen, list) else [chosen]
        links = [
            {
                "label": label,
                "count": count,
                "selected": value in chosen,
                "url": with_query(path, toggled(params, name, value)),
            }
            for value, label, count in values
        ]
        groups.append({"parameter": name, "title": titles[name], "links": links})
    return groups
