"""Private calendar feeds (.ics) of a resource and of a structure, and the photos of condition reports."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from maillage.bookings.calendar_feed import ics_feed
from maillage.bookings.selectors import (
    resource_by_feed_token,
    resource_calendar,
    structure_by_feed_token,
    structure_calendar,
)
from maillage.lending.models import ConditionReport
from maillage.memberships.rules import can
from maillage.www.structures.logo import CONTENT_TYPES


def _calendar_response(name: str, body: bytes) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    # The address is the secret: no shared cache keeps it, no referrer carries it away.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def resource_feed(request: HttpRequest, pk: int) -> HttpResponse:
    """Return the calendar of a resource to whoever holds its token; without it the feed does not exist."""
    resource = resource_by_feed_token(pk, request.GET.get("jeton", ""))
    if resource is None:
        raise Http404("Calendrier inconnu.")
    return _calendar_response(
        f"reservations-{resource.pk}", ics_feed(resource.name, resource_calendar(resource))
    )


@require_GET
def structure_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """Return a structure's calendar (its resources' bookings and its own requests) to its token holder."""
    structure = structure_by_feed_token(slug, request.GET.get("jeton", ""))
    if structure is None:
        raise Http404("Calendrier inconnu.")
    return _calendar_response(
        f"reservations-{structure.slug}", ics_feed(structure.name, structure_calendar(structure))
    )


@require_GET
def report_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Return the photo of a condition report to the two sides of the loan."""
    report = ConditionReport.objects.select_related("booking__resource", "next_booking").filter(pk=pk).first()
    if report is None or not report.photo.name or not can(request.user, "view", report):
        raise Http404("Photo introuvable.")
    content_type = CONTENT_TYPES.get(PurePosixPath(report.photo.name).suffix.lower())
    if content_type is None or not report.photo.storage.exists(report.photo.name):
        raise Http404("Photo introuvable.")
    response = FileResponse(report.photo.storage.open(report.photo.name, "rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "private, max-age=3600"
    return response
