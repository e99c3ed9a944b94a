"""A territory's diagnostic: a printable HTML page and the same page printed to PDF by WeasyPrint."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.observatory.documents import diagnostic_path
from maillage.observatory.models import Snapshot
from maillage.www.tasks import diagnostic_pdf_request
from maillage.www.territories.dashboard import Dashboard, SnapshotNotFoundError, build_dashboard, snapshot_for
from maillage.www.territories.page import dashboard_context
from maillage.www.territories.views import get_or_404

TEMPLATE = "www/territories/report.html"
# What the waiting page tells browsers and scripts (Retry-After): a région prints in about 5 s.
PENDING_RETRY_SECONDS = 10


def _snapshot(request: HttpRequest) -> Snapshot | None:
    try:
        return snapshot_for(request.GET.get("instantane"))
    except SnapshotNotFoundError as error:
        raise Http404(str(error)) from error


def _dashboard(request: HttpRequest, territory_id: str) -> Dashboard:
    territory = get_or_404(territory_id)
    return build_dashboard(territory, snapshot=_snapshot(request), latest=False)


@require_GET
def report(request: HttpRequest, territory_id: str) -> HttpResponse:
    """Render the diagnostic of a territory at a snapshot (?instantane=<id>, the latest by default)."""
    dashboard = _dashboard(request, territory_id)
    return render(request, TEMPLATE, dashboard_context(dashboard, report=True))


def visitor_request() -> HttpRequest:
    """Return an anonymous visitor's request at the site's public address, for pages printed by a task."""
    hosts = [host for host in settings.ALLOWED_HOSTS if host[:1] not in {".", "*"}]
    scheme = "https" if settings.SECURE_SSL_REDIRECT else "http"
    address = urlsplit(settings.SITE_URL or f"{scheme}://{hosts[0] if hosts else 'localhost'}")
    request = HttpRequest()
    request.method = "GET"
    request.META = {"HTTP_HOST": address.netloc, "SERVER_NAME": address.hostname or "localhost"}
    if address.scheme == "https" and settings.SECURE_PROXY_SSL_HEADER:
        header, value = settings.SECURE_PROXY_SSL_HEADER
        request.META[header] = value
    request.user = AnonymousUser()
    return request


def render_pdf(dashboard: Dashboard) -> bytes:
    """Print the diagnostic to PDF as an anonymous visitor sees it, its map drawn as SVG."""
    # The file is shared by every visitor: it is printed for nobody's session.
    request = visitor_request()
    html = render_to_string(TEMPLATE, dashboard_context(dashboard, report=True, pdf=True), request=request)
    # WeasyPrint loads Pango and Cairo when imported: only the PDF's generation pays for it.
    from maillage.www.territories.pdf import html_to_pdf  # noqa: PLC0415

    return html_to_pdf(html, base_url=request.build_absolute_uri("/"))


@require_GET
def report_pdf(request: HttpRequest, territory_id: str) -> HttpResponseBase:
    """Serve the diagnostic's PDF from the storage; when not printed yet, have it printed and say so."""
    territory = get_or_404(territory_id)
    snapshot = _snapshot(request)
    path = diagnostic_path(territory.id, snapshot.pk if snapshot else None)
    if not default_storage.exists(path):
        diagnostic_pdf_request(territory_id=territory.id, snapshot_id=snapshot.pk if snapshot else None)
        # With the immediate backend (development, tests) the file is there already.
        if not default_storage.exists(path):
            context = {"territory": territory, "snapshot": snapshot, "retry_url": request.get_full_path()}
            response = render(request, "www/territories/diagnostic_pending.html", context, status=202)
            response["Retry-After"] = str(PENDING_RETRY_SECONDS)
            return response
    # A few hundred kilobytes: read whole, with a Content-Length, rather than streamed.
    with default_storage.open(path, "rb") as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    stamp = f"-{timezone.localtime(snapshot.taken_at):%Y-%m-%d}" if snapshot else ""
    response["Content-Disposition"] = f'attachment; filename="diagnostic-{territory.id}{stamp}.pdf"'
    return response
