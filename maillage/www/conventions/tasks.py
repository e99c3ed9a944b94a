"""Print a convention's yearly progress report to PDF, in the background."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone


def report_path(convention_id: int, year: int) -> str:
    """Name the file of a report printed today: the indicators it reads change from day to day."""
    return f"conventions/{convention_id}/rapport-{year}-{timezone.localdate():%Y%m%d}.pdf"


@task
def convention_report_pdf(*, convention_id: int, year: int) -> str:
    """Print the report into the storage once a day; return the file's name."""
    from maillage.www.conventions.views import render_report_pdf  # noqa: PLC0415 (views import this module)

    path = report_path(convention_id, year)
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(render_report_pdf(convention_id, year)))
    return path
