"""Background tasks of the observatory: the new snapshot after a change applied from a page."""

from __future__ import annotations

from django.tasks import task

from maillage.imports.models import ImportRun
from maillage.observatory.triggers import snapshot_after_change


class IndicatorsNotComputedError(RuntimeError):
    """The change stands but its snapshot could not be computed (the cause is logged)."""


@task
def snapshot_after_change_task(*, trigger: str, label: str, import_run_id: int | None = None) -> int:
    """Compute the snapshot following a bulk change of the directory; return its id."""
    run = ImportRun.objects.get(pk=import_run_id) if import_run_id is not None else None
    snapshot = snapshot_after_change(trigger=trigger, label=label, import_run=run)
    if snapshot is None:
        # Recorded as a failed task, beside the logged traceback: `compute_indicators` can be run again.
        raise IndicatorsNotComputedError(f"Indicateurs non recalculés après « {trigger} ».")
    return snapshot.pk
