"""Publish every registered dataset: write to a temporary file, validate, then publish atomically.

A file is written under OPENDATA_ROOT/.en-cours/, validated there, then moved to its dated name by
`os.replace` (atomic on one file system) and recorded as the dataset's current file in the same step of
the database. A file that fails validation is moved to OPENDATA_ROOT/rejets/ for staff to read, recorded
as rejected with its report, and the previous current file stays the one served; staff are told by e-mail
once the record is committed.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from maillage.accounts.emails import send_after_commit
from maillage.concurrency.locks import exclusive
from maillage.opendata.models import PublishedFile, Validation
from maillage.opendata.registry import Dataset, dataset_get, datasets

logger = logging.getLogger("maillage.opendata")
LOCK_NAME = "opendata"
WORK_DIR = ".en-cours"
REJECTED_DIR = "rejets"
# The report kept with a rejected file, and the part of it staff read in the e-mail.
REPORT_LIMIT = 100
MAIL_LIMIT = 10


def opendata_root() -> Path:
    return Path(settings.OPENDATA_ROOT)


def site_root() -> str:
    """Return the site's public address (no trailing slash), for the links written in the files."""
    if settings.SITE_URL:
        return str(settings.SITE_URL).rstrip("/")
    hosts = [host for host in settings.ALLOWED_HOSTS if host[:1] not in {".", "*"}]
    scheme = "https" if settings.SECURE_SSL_REDIRECT else "http"
    return f"{scheme}://{urlsplit(f'//{hosts[0]}').netloc if hosts else 'localhost'}"


def file_path(published: PublishedFile) -> Path:
    return opendata_root() / published.path


@dataclass
class PublicationSummary:
    published: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{len(self.published)} fichier(s) publié(s)"
        if self.rejected:
            text += f", {len(self.rejected)} refusé(s) à la validation : {', '.join(self.rejected)}"
        return text + "."


def _digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _write(dataset: Dataset, work: Path) -> tuple[Path, int, list[str]]:
    """Write the dataset to a new temporary file and validate it; return the file, its rows, its problems."""
    handle, name = tempfile.mkstemp(dir=work, prefix=f"{dataset.name}-", suffix=f".{dataset.extension}")
    path = Path(name)
    rows = 0
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            rows = dataset.writer(stream)
        problems = dataset.validator(path)
    # A writer or validator that breaks must not stop the other datasets: its file is rejected and the
    # error is in the report staff receive.
    except Exception as error:
        logger.exception("opendata dataset=%s failed", dataset.name)
        problems = [f"erreur pendant l'écriture ou la validation : {type(error).__name__}: {error}"]
    return path, rows, problems


def dataset_publish(dataset: Dataset, *, day: datetime.date) -> PublishedFile:
    """Write, validate and publish one dataset's file for `day`; on failure keep the current file."""
    root = opendata_root()
    work = root / WORK_DIR
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    temporary, rows, problems = _write(dataset, work)
    size, sha256 = _digest(temporary)
    valid = not problems
    if valid:
        relative = Path(dataset.name) / f"{dataset.name}-{day.isoformat()}.{dataset.extension}"
    else:
        stamp = timezone.now().strftime("%Y-%m-%dT%H%M%S")
        relative = Path(REJECTED_DIR) / f"{dataset.name}-{stamp}.{dataset.extension}"
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    # mkstemp makes the file readable by its owner only: a published file is for everyone (and nginx).
    temporary.chmod(0o644)
    os.replace(temporary, root / relative)
    with transaction.atomic():
        if valid:
            # The day's earlier valid file (a second run the same day) gives way to this one.
            PublishedFile.objects.filter(dataset=dataset.name, day=day, validation=Validation.VALID).update(
                validation=Validation.REPLACED, is_current=False
            )
            PublishedFile.objects.filter(dataset=dataset.name, is_current=True).update(is_current=False)
        published = PublishedFile.objects.create(
            dataset=dataset.name,
            day=day,
            path=str(relative),
            size=size,
            sha256=sha256,
            rows=rows,
            schema=dataset.schema,
            validation=Validation.VALID if valid else Validation.REJECTED,
            report=problems[:REPORT_LIMIT],
            is_current=valid,
            duration_s=round(time.monotonic() - started, 2),
        )
        if not valid:
            _alert_staff(dataset, published)
        _prune(dataset, day=day)
    logger.info(
        "opendata dataset=%s status=%s rows=%d size=%d", dataset.name, published.validation, rows, size
    )
    return published


def _prune(dataset: Dataset, *, day: datetime.date) -> None:
    """Remove the files older than OPENDATA_KEEP_DAYS (never the current one); their records stay."""
    limit = day - datetime.timedelta(days=settings.OPENDATA_KEEP_DAYS)
    current = PublishedFile.objects.filter(dataset=dataset.name, is_current=True).values("path")
    old = (
        PublishedFile.objects.filter(dataset=dataset.name, day__lt=limit, is_current=False)
        .exclude(path="")
        .exclude(path__in=current)
    )
    for published in old:
        (opendata_root() / published.path).unlink(missing_ok=True)
    old.update(path="")


def _alert_staff(dataset: Dataset, published: PublishedFile) -> None:
    staff = get_user_model().objects.filter(Q(is_staff=True) | Q(is_superuser=True), is_active=True)
    send_after_commit(
        to=list(staff.values_list("email", flat=True)),
        subject=f"Données ouvertes : le fichier « {dataset.title} » n'a pas été publié",
        template="emails/opendata_rejected.txt",
        context={
            "dataset": dataset,
            "published": published,
            "problems": published.report[:MAIL_LIMIT],
            "more": max(0, len(published.report) - MAIL_LIMIT),
            "current": PublishedFile.objects.filter(dataset=dataset.name, is_current=True).first(),
        },
    )


def publish_opendata(
    *, day: datetime.date | None = None, only: list[str] | None = None
) -> PublicationSummary:
    """Publish every registered dataset (or those named), one at a time, under the publication lock."""
    chosen = datasets() if not only else [d for name in only if (d := dataset_get(name)) is not None]
    summary = PublicationSummary()
    with exclusive(LOCK_NAME, what="Une publication des données ouvertes"):
        # Under the lock no other publication writes: what is left in the work folder is a killed run's.
        for leftover in (opendata_root() / WORK_DIR).glob("*"):
            leftover.unlink(missing_ok=True)
        for dataset in chosen:
            published = dataset_publish(dataset, day=day or timezone.localdate())
            (summary.published if published.is_current else summary.rejected).append(dataset.name)
    return summary
