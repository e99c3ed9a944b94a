"""A territory's diagnostic: a printable HTML page and the same page printed to PDF by WeasyPrint."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from maillage.observatory.models import Snapshot
from maillage.www.territories.dashboard import Dashboard, SnapshotNotFoundError, build_dashboard, snapshot_for
from maillage.www.territories.page import dashboard_context
from maillage.www.territories.views import get_or_404

TEMPLATE = "www/territories/report.html"


def _dashboard(request: HttpRequest, territory_id: str) -> Dashboard:
    territory = get_or_404(territory_id)
    try:
        snapshot: Snapshot | None = snapshot_for(request.GET.get("instantane"))
    except SnapshotNotFoundError as error:
        raise Http404(str(error)) from error
    return build_dashboard(territory, snapshot=snapshot, latest=False)


@require_GET
def report(request: HttpRequest, territory_id: str) -> HttpResponse:
    """Render the diagnostic of a territory at a snapshot (?instantane=<id>, the latest by default)."""
    dashboard = _dashboard(request, territory_id)
    return render(request, TEMPLATE, dashboard_context(dashboard, report=True))


@require_GET
def report_pdf(request: HttpRequest, territory_id: str) -> HttpResponse:
    """Return the diagnostic printed to PDF from the same template, its map drawn as SVG."""
    dashboard = _dashboard(request, territory_id)
    html = render_to_string(TEMPLATE, dashboard_context(dashboard, report=True, pdf=True), request=request)
    # WeasyPrint loads Pango and Cairo when imported: only the PDF view pays for it.
    from maillage.www.territories.pdf import html_to_pdf  # noqa: PLC0415

    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    stamp = f"-{dashboard.snapshot.taken_at:%Y-%m-%d}" if dashboard.snapshot else ""
    filename = f"diagnostic-{dashboard.territory.id}{stamp}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
