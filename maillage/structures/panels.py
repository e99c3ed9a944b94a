"""Panels feature apps add to a structure's page, registered from their `AppConfig.ready()` (ADR 7).

A panel is `panel(user, structure)` returning the template to include and its context, or None when it has
nothing to show this reader; the structure's page includes each one in registration order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Panel = Callable[[Any, Any], "dict[str, Any] | None"]
_panels: list[Panel] = []


def register_structure_panel(panel: Panel) -> None:
    """Add a panel to every structure's page; `panel` returns {"template": …, …} or None."""
    if panel not in _panels:
        _panels.append(panel)


def structure_panels(user: Any, structure: Any) -> list[dict[str, Any]]:
    """Return the panels that have something to show this reader on this structure's page."""
    return [shown for panel in _panels if (shown := panel(user, structure)) is not None]
