"""Conventions: the list, a convention's page (signatories, axes, actions, indicators), its yearly report."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from maillage.conventions.indicators import read_indicators
from maillage.conventions.models import Convention
from maillage.conventions.selectors import convention_for_page, conventions
from maillage.events.models import Event
from maillage.resources.selectors import resources_of
from maillage.www.conventions.tasks import convention_report_pdf, report_path

FIRST_YEAR = 2000


def convention_list(request: HttpRequest) -> HttpResponse:
    return render(request, "www/conventions/list.html", {"conventions": list(conventions())})


def _get(slug: str) -> Convention:
    convention = convention_for_page(slug[:120])
    if convention is None:
        raise Http404("Convention introuvable.")
    return convention


def _context(convention: Convention, year: int | None = None) -> dict[str, Any]:
    signatories = [link.structure for link in convention.signatory_links.all()]
    meetings = Event.objects.public().filter(
        organiser_links__structure__in=signatories, **({"start_date__year": year} if year else {})
    )
    return {
        "convention": convention,
        "signatories": signatories,
        "axes": list(convention.axes.all()),
        "readings": read_indicators(list(convention.indicators.all())),
        "meetings": list(meetings.select_related("commune").distinct().order_by("start_date")[:50]),
        "resources": resources_of(signatories, year=year),
        "years": range(max(convention.signed_on.year, FIRST_YEAR), timezone.localdate().year + 1),
        "year": year,
        "today": timezone.localdate(),
    }


def convention_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a convention with its signatories, axes and objectives, actions and progress indicators."""
    return render(request, "www/conventions/detail.html", _context(_get(slug)))


def _year(convention: Convention, year: int) -> int:
    if not convention.signed_on.year <= year <= timezone.localdate().year:
        raise Http404("Pas de rapport pour cette année.")
    return year


def report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Show the yearly progress report as a printable page."""
    convention = _get(slug)
    return render(request, "www/conventions/report.html", _context(convention, _year(convention, year)))


def render_report_pdf(convention_id: int, year: int) -> bytes:
    """Print the yearly report as an anonymous visitor sees it."""
    # WeasyPrint loads Pango and Cairo when imported: only the PDF pays for it.
    from maillage.www.territories.pdf import html_to_pdf  # noqa: PLC0415
    from maillage.www.territories.report import visitor_request  # noqa: PLC0415

    convention = Convention.objects.get(pk=convention_id)
    request = visitor_request()
    html = render_to_string(
        "www/conventions/report.html",
        {**_context(_get(convention.slug), year), "is_pdf": True},
        request=request,
    )
    return html_to_pdf(html, base_url=request.build_absolute_uri("/"))


def report_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse | FileResponse:
    """Serve the report's PDF, printed by a background task; say so while it is being printed."""
    convention = _get(slug)
    year = _year(convention, year)
    path = report_path(convention.pk, year)
    if not default_storage.exists(path):
        convention_report_pdf.enqueue(convention_id=convention.pk, year=year)
    if not default_storage.exists(path):  # the worker has not printed it yet
        response = render(request, "www/conventions/pending.html", {"convention": convention}, status=202)
        response["Retry-After"] = "10"
        return response
    return FileResponse(
        default_storage.open(path, "rb"),
        content_type="application/pdf",
        filename=f"rapport-{year}-{convention.slug[:40]}.pdf",
    )
