"""Recompute the indicators after the data changed: an applied import, the reference dataset loaded.

Registered as a listener of `structures.changes` (ObservatoryConfig.ready), which the importers and the
reference loader call once their own transaction is committed: the import stands even if the computation
fails (the failure is logged and said, and `compute_indicators` can be run again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction

from maillage.observatory.compute import snapshot_compute
from maillage.observatory.models import Snapshot

logger = logging.getLogger(__name__)


def snapshot_after_change(
    *,
    trigger: str,
    label: str,
    import_run: Any = None,
    say: Callable[[str], None] | None = None,
) -> Snapshot | None:
    """Compute a new snapshot incrementally; return it, or None (logged) when the computation failed."""
    tell = say or (lambda message: None)
    tell("Recalcul des indicateurs de l'observatoire…")
    try:
        result = snapshot_compute(label=label, trigger=trigger, import_run=import_run, incremental=True)
    except Exception as error:  # the data change is committed already: report, do not undo it
        logger.exception("Indicators not recomputed after %s", trigger)
        tell(f"Indicateurs non recalculés ({type(error).__name__} : {error}) ; lancez compute_indicators.")
        return None
    for line in result.lines():
        tell(line)
    return result.snapshot


def snapshot_after_directory_change(
    *,
    trigger: str,
    label: str,
    import_run: Any = None,
    changed: bool = True,
    say: Callable[[str], None] | None = None,
    background: bool = False,
) -> Snapshot | None:
    """Compute a snapshot after a bulk change (or queue it, in the background); none for a void rerun."""
    if not changed and Snapshot.objects.exists():
        return None
    if background:
        # Imported here: the task module imports this one.
        from maillage.observatory.tasks import snapshot_after_change_task  # noqa: PLC0415

        run_id = import_run.pk if import_run is not None else None
        transaction.on_commit(
            partial(snapshot_after_change_task.enqueue, trigger=trigger, label=label, import_run_id=run_id)
        )
        return None
    return snapshot_after_change(trigger=trigger, label=label, import_run=import_run, say=say)
