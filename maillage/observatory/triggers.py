"""Recompute the indicators after the data changed: an applied import, the reference dataset loaded, edits.

Registered as a listener of `structures.changes` (ObservatoryConfig.ready), which the importers and the
reference loader call once their own transaction is committed: the import stands even if the computation
fails (the failure is logged and said, and `compute_indicators` can be run again).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.observatory.amend import snapshot_amend
from maillage.observatory.compute import snapshot_compute
from maillage.observatory.models import PendingCommune, Snapshot

logger = logging.getLogger(__name__)
# Waiting communes older than this have lost their task: the next edit queues one again.
STALE_AFTER = datetime.timedelta(minutes=1)


def snapshot_after_change(
    *,
    trigger: str,
    label: str,
    import_run: Any = None,
    say: Callable[[str], None] | None = None,
    communes: Iterable[str] | None = None,
) -> Snapshot | None:
    """Compute a new snapshot incrementally; return it, or None (logged) when the computation failed."""
    tell = say or (lambda message: None)
    tell("Recalcul des indicateurs de l'observatoire…")
    try:
        result = snapshot_compute(
            label=label, trigger=trigger, import_run=import_run, incremental=True, communes=communes
        )
    except Exception as error:  # the data change is committed already: report, do not undo it
        logger.exception("Indicators not recomputed after %s", trigger)
        tell(f"Indicateurs non recalculés ({type(error).__name__} : {error}) ; lancez compute_indicators.")
        return None
    for line in result.lines():
        tell(line)
    return result.snapshot


def queue_communes(communes: Iterable[str]) -> bool:
    """Note communes to take into the indicators; return True when a task should be queued for them.

    True when none was waiting (the first edit of a burst), or when the oldest has waited a minute (its
    task found another computation running that did not take it in: `compute_indicators`).
    """
    ids = sorted({c for c in communes if c})
    if not ids:
        return False
    with transaction.atomic():
        oldest = PendingCommune.objects.order_by("since").values_list("since", flat=True).first()
        PendingCommune.objects.bulk_create([PendingCommune(commune_id=c) for c in ids], ignore_conflicts=True)
    return oldest is None or oldest < timezone.now() - STALE_AFTER


def snapshot_after_directory_change(
    *,
    trigger: str,
    label: str,
    import_run: Any = None,
    changed: bool = True,
    say: Callable[[str], None] | None = None,
    background: bool = False,
    communes: Iterable[str] | None = None,
    **change: Any,
) -> Snapshot | None:
    """Compute a snapshot after a change (or queue it, in the background); none for a void rerun.

    An edit names the communes it touched (`communes`, import_run None): they wait in `PendingCommune`
    and the first edit of a burst queues the one task that takes them all into the month's edits snapshot.
    """
    if not changed and Snapshot.objects.exists():
        return None
    if communes is not None and import_run is None:
        if not Snapshot.objects.filter(is_complete=True).exists():
            return None  # indicators never computed: nothing to keep up to date (compute_indicators)
        # Imported here: the task module imports this one.
        from maillage.observatory.tasks import amend_after_edits_task  # noqa: PLC0415

        if not background:
            return amend_pending(say=say)
        if queue_communes(communes):
            transaction.on_commit(amend_after_edits_task.enqueue)
        return None
    if background:
        # Imported here: the task module imports this one.
        from maillage.observatory.tasks import snapshot_after_change_task  # noqa: PLC0415

        run_id = import_run.pk if import_run is not None else None
        transaction.on_commit(
            partial(
                snapshot_after_change_task.enqueue,
                trigger=trigger,
                label=label,
                import_run_id=run_id,
                communes=None if communes is None else sorted(set(communes)),
            )
        )
        return None
    return snapshot_after_change(
        trigger=trigger, label=label, import_run=import_run, say=say, communes=communes
    )


def amend_pending(*, say: Callable[[str], None] | None = None) -> Snapshot | None:
    """Take every waiting commune into the month's edits snapshot in one transaction; None if none waited."""
    tell = say or (lambda message: None)
    with transaction.atomic():
        # Taken and deleted in the computation's transaction: a failure leaves them waiting.
        communes = list(PendingCommune.objects.select_for_update().values_list("commune_id", flat=True))
        if not communes:
            return None
        PendingCommune.objects.filter(commune_id__in=communes).delete()
        result = snapshot_amend(communes=communes)
    for line in result.lines():
        tell(line)
    return result.snapshot
