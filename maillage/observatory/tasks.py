"""Background tasks of the observatory: the new snapshot after a change, the month's edits taken in."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.tasks import task

from maillage.concurrency.locks import INDICATORS, LockHeldError, exclusive
from maillage.imports.models import ImportRun
from maillage.observatory.models import PendingCommune, Snapshot
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

    def compute() -> Any:
        snapshot = snapshot_after_change(trigger=trigger, label=label, import_run=run, communes=communes)
        _drain()  # edits whose task found this computation running
        return snapshot

    snapshot = _one_at_a_time(compute)
    if snapshot is None:
        # Recorded as a failed task, beside the logged traceback: `compute_indicators` can be run again.
        raise IndicatorsNotComputedError(f"Indicateurs non recalculés après « {trigger} ».")
    return int(snapshot.pk)


def _drain() -> Snapshot | None:
    """Take the waiting communes in until none waits (edits may come while a computation runs)."""
    snapshot = None
    while (amended := amend_pending()) is not None:
        snapshot = amended
    return snapshot


@task
def amend_after_edits_task() -> int | None:
    """Take every commune edited since the last run into the month's edits snapshot (one task per burst).

    When another computation holds the lock, this task ends at once: the holder takes the waiting
    communes in before it lets go (and an edit a minute later queues a task again, see queue_communes).
    """
    snapshot = None
    while True:
        try:
            with exclusive(INDICATORS, what="Un calcul des indicateurs"):
                snapshot = _drain() or snapshot
        except LockHeldError:
            return None
        if not PendingCommune.objects.exists():
            return None if snapshot is None else int(snapshot.pk)
