"""The sector's figures of accompaniment (page and CSV) and a body's yearly activity report (HTML and PDF)."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from maillage.accompaniment.figures import WITHHELD, Figures, yearly
from maillage.accompaniment.models import Body, BodyStaff
from maillage.accompaniment.selectors import bodies_by_name
from maillage.accompaniment.warm import cached_figures
from maillage.memberships.rules import can
from maillage.search.params import ParameterError, parse_id
from maillage.territories.enums import Level
from maillage.territories.models import Territory
from maillage.www.accompaniment.tasks import activity_report_generate, report_path

SECRET = "secret"  # noqa: S105 (the word a masked figure reads, not a password)


def _scope(request: HttpRequest) -> tuple[Body | None, Territory | None, str]:
    """Parse the scope (a body, a région, or France), raising ParameterError in French."""
    body = region = None
    if raw := request.GET.get("structure", ""):
        body = Body.objects.select_related("structure").filter(pk=parse_id(raw, field="structure")).first()
        if body is None:
            raise ParameterError("structure", "Structure d'accompagnement inconnue.")
    if raw := request.GET.get("region", ""):
        region = Territory.objects.filter(pk=raw[:80], level=Level.REGION).first()
        if region is None:
            raise ParameterError("region", "Région inconnue.")
    name = body.structure.name if body else region.name if region else "France"
    return body, region, name


def _may_see(user: Any, body: Body | None) -> bool:
    if body is not None:
        return can(user, "view_figures", body)
    return bool(user.is_superuser) or BodyStaff.objects.filter(user=user).exists()


def _figures(request: HttpRequest) -> tuple[Figures | None, str, int]:
    try:
        body, region, name = _scope(request)
    except ParameterError as error:
        return None, error.message, 400
    if not _may_see(request.user, body):
        raise PermissionDenied(
            "Ces chiffres sont réservés aux structures d'accompagnement et au centre de ressources."
        )
    return cached_figures(body=body, region=region, scope=name), "", 200


@login_required
def figures_page(request: HttpRequest) -> HttpResponse:
    found, error, status = _figures(request)
    context = {
        "figures": found,
        "error": error,
        "withheld": WITHHELD,
        "regions": Territory.objects.filter(level=Level.REGION, is_current=True)
        .order_by("name")
        .only("pk", "name"),
        "bodies": bodies_by_name(),
        "query": request.GET.urlencode(),
    }
    return render(request, "accompaniment/figures.html", context, status=status)


def _cell_value(value: Any) -> str:
    return SECRET if value is None else str(value)


@login_required
def figures_csv(request: HttpRequest) -> HttpResponse:
    """Return the scope's figures as CSV; a masked figure reads « secret »."""
    found, error, status = _figures(request)
    if found is None:
        return HttpResponse(error, status=status, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="accompagnements-chiffres.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["perimetre", "dimension", "cle", "libelle", "accompagnements", "structures", "jours", "cout"]
    )
    total = found.total
    writer.writerow(
        [
            found.scope,
            "total",
            "",
            "Total",
            *map(_cell_value, (total.cases, total.structures, total.days, total.cost)),
        ]
    )
    for part in found.breakdowns:
        for cell in part.cells:
            values = (cell.cases, cell.structures, cell.days, cell.cost)
            writer.writerow([found.scope, part.dimension, cell.key, cell.label, *map(_cell_value, values)])
    return response


def _report_body(request: HttpRequest, body_pk: int) -> Body:
    body = get_object_or_404(Body.objects.select_related("structure"), pk=body_pk)
    if not can(request.user, "view_figures", body):
        raise PermissionDenied("Le rapport d'activité est réservé à la structure et au centre de ressources.")
    return body


def report_html(body: Body, year: int, *, pdf: bool = False) -> str:
    """Render a body's yearly activity report (the page and the PDF share it)."""
    context = {
        "body": body,
        "year": year,
        "figures": yearly(body=body, year=year),
        "withheld": WITHHELD,
        "is_pdf": pdf,
    }
    return render_to_string("accompaniment/report.html", context)


@login_required
def report(request: HttpRequest, body_pk: int, year: int) -> HttpResponse:
    body = _report_body(request, body_pk)
    return HttpResponse(report_html(body, year))


@login_required
def report_pdf(request: HttpRequest, body_pk: int, year: int) -> HttpResponse:
    """Serve the report's PDF printed today by the background worker; until then, say it is being printed."""
    body = _report_body(request, body_pk)
    path = report_path(body.pk, year, timezone.localdate())
    if not default_storage.exists(path):
        activity_report_generate.enqueue(body_id=body.pk, year=year)
        if not default_storage.exists(path):
            context = {"body": body, "year": year, "retry_url": request.get_full_path()}
            response = render(request, "accompaniment/report_pending.html", context, status=202)
            response["Retry-After"] = "10"
            return response
    with default_storage.open(path, "rb") as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rapport-activite-{year}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
