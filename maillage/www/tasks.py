"""Background tasks of the site: printing the PDF diagnostics, preparing large exports of the directory."""

from __future__ import annotations

import datetime
import logging
import tempfile
import time
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import QueryDict
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.emails import send_after_commit
from maillage.observatory.documents import diagnostic_path
from maillage.observatory.models import Snapshot
from maillage.structures import exports
from maillage.structures.search import count_structures, parse_filters
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


EXPORTS_DIR = "exports"


def _site_root() -> str:
    from maillage.www.territories.report import visitor_request  # noqa: PLC0415

    return visitor_request().build_absolute_uri("/").rstrip("/")


def _prune_exports(user_id: int) -> None:
    """Delete the person's prepared exports whose link has expired."""
    folder = f"{EXPORTS_DIR}/{user_id}"
    if not default_storage.exists(folder):
        return
    oldest = timezone.now() - datetime.timedelta(seconds=settings.EXPORT_LINK_MAX_AGE_SECONDS)
    for name in default_storage.listdir(folder)[1]:
        if default_storage.get_modified_time(f"{folder}/{name}") < oldest:
            default_storage.delete(f"{folder}/{name}")


@task
def structure_export_prepare(*, user_id: int, kind: str, query: str) -> str:
    """Write a large export of the directory to the storage and e-mail its owner a personal link."""
    from maillage.www.structures.exports import FORMATS, download_token, export_filename  # noqa: PLC0415

    user = get_user_model().objects.get(pk=user_id)
    filters = parse_filters(QueryDict(query))
    export_format = FORMATS[kind]
    site_root = _site_root()
    started = time.perf_counter()
    _prune_exports(user_id)
    with tempfile.TemporaryFile() as buffer:
        structures = exports.structures_to_export(filters)
        for chunk in export_format.writer(structures, site_url=site_root, limit=exports.EXPORT_LIMIT):
            buffer.write(chunk.encode())
        buffer.seek(0)
        name = f"{EXPORTS_DIR}/{user_id}/{uuid.uuid4().hex[:12]}-{export_filename(kind)}"
        name = default_storage.save(name, File(buffer))
    token = download_token(user_id=user_id, name=name)
    expires = timezone.now() + datetime.timedelta(seconds=settings.EXPORT_LINK_MAX_AGE_SECONDS)
    with transaction.atomic():
        send_after_commit(
            to=[user.email],
            subject="Votre export est prêt",
            template="emails/structures_export_ready.txt",
            context={
                "user": user,
                "total": min(count_structures(filters), exports.EXPORT_LIMIT),
                "format_label": export_format.label,
                "url": site_root + reverse("structure_exports:prepared", kwargs={"token": token}),
                "expires_on": timezone.localtime(expires),
            },
        )
    logger.info("Export prepared: %s (%.1f s)", name, time.perf_counter() - started)
    return name
