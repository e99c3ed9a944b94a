"""Printing a body's yearly activity report to PDF, in the background (WeasyPrint is slow to load)."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone

REPORTS_DIR = "accompagnement/rapports"


def report_path(body_id: int, year: int, day: datetime.date) -> str:
    """Return where the report printed on `day` is kept (one a day: the figures move with the cases)."""
    return f"{REPORTS_DIR}/{body_id}-{year}-{day:%Y%m%d}.pdf"


@task
def activity_report_generate(*, body_id: int, year: int) -> str:
    """Print a body's activity report of a year into the storage; return the file's name."""
    from maillage.accompaniment.models import Body  # noqa: PLC0415 (tasks load before the apps' models)
    from maillage.www.accompaniment.figures import report_html  # noqa: PLC0415
    from maillage.www.territories.pdf import html_to_pdf  # noqa: PLC0415 (WeasyPrint loads Pango when imported)
    from maillage.www.territories.report import visitor_request  # noqa: PLC0415

    path = report_path(body_id, year, timezone.localdate())
    if not default_storage.exists(path):
        body = Body.objects.select_related("structure").get(pk=body_id)
        content = html_to_pdf(
            report_html(body, year, pdf=True), base_url=visitor_request().build_absolute_uri("/")
        )
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(content))
    return path
