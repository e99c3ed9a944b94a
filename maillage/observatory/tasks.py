"""Background tasks of the observatory: the new snapshot after a change, the day's edits taken in."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.tasks import task

from maillage.concurrency.locks import INDICATORS, LockHeldError, exclusive
from maillage.imports.models import ImportRun
from maillage.observatory.triggers import amend_pending, snapshot_after_change

# A computation already running (compute_indicators, another task) is waited for, not raced:
# the snapshot that follows it must see the change this task was queued for.
LOCK_WAIT_SECONDS = 600.0
LOCK_POLL_SECONDS = 5.0


class IndicatorsNotComputedError(RuntimeError):
    """The change stands but its snapshot could not be computed (the cause is logged)."""


def _one_at_a_time(compute: Callable[[], Any]) -> Any:
    """Run a computation under the indicators' lock, waiting for one already running."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            with exclusive(INDICATORS, what="Un calcul des indicateurs"):
                return compute()
        except LockHeldError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(LOCK_POLL_SECONDS)


@task
def snapshot_after_change_task(
    *, trigger: str, label: str, import_run_id: int | None = None, communes: list[str] | None = None
) -> int:
    """Compute the snapshot following a bulk change of the directory, one computation at a time."""
    run = ImportRun.objects.get(pk=import_run_id) if import_run_id is not None else None
    snapshot = _one_at_a_time(
        lambda: snapshot_after_change(trigger=trigger, label=label, import_run=run, communes=communes)
    )
    if snapshot is None:
        # Recorded as a failed task, beside the logged traceback: `compute_indicators` can be run again.
        raise IndicatorsNotComputedError(f"Indicateurs non recalculés après « {trigger} ».")
    return int(snapshot.pk)


@task
def amend_after_edits_task() -> int | None:
    """Take every commune edited since the last run into the day's snapshot (one task per burst)."""
    snapshot = _one_at_a_time(amend_pending)
    return None if snapshot is None else int(snapshot.pk)
