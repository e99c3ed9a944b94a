"""Recompute the indicators after the data changed: an applied import, the reference dataset loaded.

Called by the importers once their own transaction is committed: the import stands even if the
computation fails (the failure is logged and said, and `compute_indicators` can be run again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.utils import timezone

from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.observatory.compute import snapshot_compute
from maillage.observatory.models import Snapshot

logger = logging.getLogger(__name__)

TRIGGERS = {ImportKind.SIRENE: "import sirene", ImportKind.NETWORK_FILE: "fichier réseau"}


def snapshot_after_change(
    *,
    trigger: str,
    label: str,
    import_run: ImportRun | None = None,
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


def snapshot_after_import(*, run: ImportRun, say: Callable[[str], None] | None = None) -> Snapshot | None:
    """Compute a snapshot after an applied import; do nothing for a dry run, a refused or failed one."""
    if run.status != ImportStatus.APPLIED:
        return None
    name = TRIGGERS.get(ImportKind(run.kind), str(run.kind))
    return snapshot_after_change(
        trigger=f"{name} #{run.pk}",
        label=f"Après l'import {run.get_kind_display()} du {timezone.localtime(run.started_at):%d/%m/%Y}",
        import_run=run,
        say=say,
    )
