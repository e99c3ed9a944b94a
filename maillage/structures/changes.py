"""Tell the apps above the directory that it changed: an applied import, the reference data loaded, edits.

The observatory recomputes its indicators after such changes. It sits above structures and imports, so
it registers a listener at start-up (AppConfig.ready) instead of being imported by the loaders (ADR 7).
Listeners run after the change is committed: one that fails is logged and the change stands.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Say = Callable[[str], None]
# Called with trigger=, label=, import_run= (an applied ImportRun or None), changed=, say=, background=
# (True when a page is waiting: queue slow work as a task rather than doing it), communes= (the ids of the
# communes the change touched, or None when it does not know: listeners then look at everything),
# structures= (the ids of the structures the change wrote, or None when it does not know: listeners that
# judge each record on its own fields need look at no other; `communes` may then name more communes than
# theirs, those whose other data changed, such as SIRENE's counts).
Listener = Callable[..., Any]
_listeners: dict[str, Listener] = {}
_labels: dict[str, str] = {}


def register_change_listener(name: str, listener: Listener, *, label: str = "") -> None:
    """Have `listener` called after every bulk change of the directory; `label` says what it does."""
    _listeners[name] = listener
    if label:
        _labels[name] = label


def listener_label(name: str) -> str:
    """Return what a listener does, in French, for the reports that time it (its name if it gave none)."""
    return _labels.get(name, name)


def directory_changed(
    *,
    trigger: str,
    label: str,
    import_run: Any = None,
    changed: bool = True,
    say: Say | None = None,
    background: bool = False,
    communes: Iterable[str] | None = None,
    structures: Iterable[int] | None = None,
) -> dict[str, float]:
    """Call every listener and return the seconds each took; `changed` is False when a rerun wrote nothing.

    Listeners may skip a void rerun. The seconds let an import say which of its followers cost (issue 13).
    """
    seconds: dict[str, float] = {}
    touched = None if communes is None else sorted({c for c in communes if c})
    written = None if structures is None else sorted(set(structures))
    for name, listener in list(_listeners.items()):
        start = time.perf_counter()
        try:
            listener(
                trigger=trigger,
                label=label,
                import_run=import_run,
                changed=changed,
                say=say,
                background=background,
                communes=touched,
                structures=written,
            )
        except Exception:  # the change is committed: a listener's failure must not undo or hide it
            logger.exception("Listener %s failed after %s", name, trigger)
        seconds[name] = round(time.perf_counter() - start, 2)
    return seconds


def structures_edited(*communes: str | None) -> None:
    """Tell the listeners, once the current transaction commits, that structures of these communes changed.

    Services call it for each write of a structure or a relation (the communes before and after); the
    listeners queue their work (`background`) so that a page never waits for it, and batch it.
    """
    touched = sorted({c for c in communes if c})
    if not touched:
        return
    transaction.on_commit(
        partial(
            directory_changed,
            trigger="modifications du répertoire",
            label="Modifications du répertoire",
            communes=touched,
            background=True,
        )
    )
