"""Tell the apps above the directory that it changed in bulk: an applied import, the reference data loaded.

The observatory recomputes its indicators after such changes. It sits above structures and imports, so
it registers a listener at start-up (AppConfig.ready) instead of being imported by the loaders (ADR 7).
Listeners run after the change is committed: one that fails is logged and the change stands.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

Say = Callable[[str], None]
# Called with trigger=, label=, import_run= (an applied ImportRun or None), changed=, say=, background=
# (True when a page is waiting: queue slow work as a task rather than doing it).
Listener = Callable[..., Any]
_listeners: dict[str, Listener] = {}


def register_change_listener(name: str, listener: Listener) -> None:
    """Have `listener` called after every bulk change of the directory."""
    _listeners[name] = listener


def directory_changed(
    *,
    trigger: str,
    label: str,
    import_run: Any = None,
    changed: bool = True,
    say: Say | None = None,
    background: bool = False,
) -> None:
    """Call every listener; `changed` is False when a rerun wrote nothing (listeners may then skip)."""
    for name, listener in list(_listeners.items()):
        try:
            listener(
                trigger=trigger,
                label=label,
                import_run=import_run,
                changed=changed,
                say=say,
                background=background,
            )
        except Exception:  # the change is committed: a listener's failure must not undo or hide it
            logger.exception("Listener %s failed after %s", name, trigger)
