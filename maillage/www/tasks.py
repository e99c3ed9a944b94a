"""Background tasks of the site: printing the PDF diagnostics into the storage."""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task

from maillage.observatory.documents import diagnostic_path
from maillage.observatory.models import Snapshot
from maillage.territories.selectors import territory_get

logger = logging.getLogger("maillage.jobs")

# While a diagnostic is being printed, further requests do not queue it again (bounded, in case the
# worker dies: the next request after this many seconds queues it anew).
PENDING_SECONDS = 5 * 60


def _pending_key(path: str) -> str:
    return f"diagnostic-pending:{path}"


def diagnostic_pdf_request(*, territory_id: str, snapshot_id: int | None) -> None:
    """Queue the printing of a diagnostic unless it is queued already."""
    path = diagnostic_path(territory_id, snapshot_id)
    # A page view writes nothing: no transaction to wait for, the task is queued right away.
    if cache.add(_pending_key(path), True, PENDING_SECONDS):
        diagnostic_pdf_generate.enqueue(territory_id=territory_id, snapshot_id=snapshot_id)


@task
def diagnostic_pdf_generate(*, territory_id: str, snapshot_id: int | None) -> str:
    """Print a territory's diagnostic at a snapshot into the storage, once; return the file's name."""
    from maillage.www.territories.dashboard import build_dashboard  # noqa: PLC0415 (www imports tasks)
    from maillage.www.territories.report import render_pdf  # noqa: PLC0415

    path = diagnostic_path(territory_id, snapshot_id)
    try:
        if default_storage.exists(path):  # printed by an earlier task for another visitor
            return path
        started = time.perf_counter()
        snapshot = Snapshot.objects.get(pk=snapshot_id) if snapshot_id else None
        dashboard = build_dashboard(territory_get(territory_id), snapshot=snapshot, latest=False)
        content = render_pdf(dashboard)
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(content))
        logger.info("Diagnostic printed: %s (%.1f s)", path, time.perf_counter() - started)
        return path
    finally:
        cache.delete(_pending_key(path))
