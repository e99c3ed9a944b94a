"""Search the catalogue, read one scheme, export the current search, import a file (staff)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from maillage.memberships.rules import can
from maillage.schemes.enums import Variant
from maillage.schemes.exchange import scheme_cells, write_csv
from maillage.schemes.importer import import_schemes
from maillage.schemes.models import Scheme
from maillage.schemes.search import (
    OPENINGS,
    TAG_FACETS,
    FilterError,
    facets,
    filter_schemes,
    order_schemes,
    parse_filters,
)
from maillage.schemes.selectors import scheme_for_page
from maillage.www.schemes.links import facet_groups, with_query

EXPORT_LIMIT = 10_000
FACET_TITLES = {
    "type_aide": "Type d'aide",
    "besoin": "Besoin",
    "instrument": "Instrument",
    "cible": "Public",
    "porteur": "Porteur",
}


def scheme_list(request: HttpRequest) -> HttpResponse:
    try:
        filters = parse_filters(request.GET)
    except FilterError as error:
        context: dict[str, Any] = {"error": error.message, "form": request.GET}
        return render(request, "www/schemes/list.html", context, status=400)
    ordered = order_schemes(filter_schemes(filters))
    page = Paginator(ordered, filters.page_size).get_page(filters.page)
    params = filters.as_params()
    context = {
        "filters": filters,
        "form": request.GET,
        "page": page,
        "schemes": list(page.object_list),
        "facet_groups": facet_groups(request.path, params, facets(filters), FACET_TITLES),
        "openings": OPENINGS,
        "export_csv": with_query("/dispositifs/export/csv/", params),
        "export_json": with_query("/dispositifs/export/json/", params),
        "alert_url": "/alertes/creer/?" + urlencode({"type": "dispositifs", **params}, doseq=True),
        "previous_url": with_query(request.path, {**params, "page": page.previous_page_number()})
        if page.has_previous()
        else "",
        "next_url": with_query(request.path, {**params, "page": page.next_page_number()})
        if page.has_next()
        else "",
    }
    return render(request, "www/schemes/list.html", context)


def scheme_detail(request: HttpRequest, uid: Any) -> HttpResponse:
    scheme = scheme_for_page(uid)
    if scheme is None or not can(request.user, "view", scheme):
        raise Http404("Dispositif inconnu.")
    context = {"scheme": scheme, **_detail_context(scheme)}
    return render(request, "www/schemes/detail.html", context)


def _detail_context(scheme: Scheme) -> dict[str, Any]:
    from maillage.schemes.needs import need_labels  # noqa: PLC0415

    link = None
    if apps.is_installed("maillage.links") and scheme.url_source:
        from maillage.links.selectors import link_status  # noqa: PLC0415

        link = link_status(scheme.url_source)
    return {
        "needs": [need_labels().get(n, n) for n in scheme.needs],
        "included": [t for t in scheme.area.all() if not t.excluded],
        "excluded": [t for t in scheme.area.all() if t.excluded],
        "link": link,
    }


def _exported(request: HttpRequest) -> list[Scheme] | HttpResponse:
    try:
        filters = parse_filters(request.GET)
    except FilterError as error:
        return HttpResponseBadRequest(error.message, content_type="text/plain; charset=utf-8")
    schemes = order_schemes(filter_schemes(filters)).prefetch_related("disciplines")
    return list(schemes[:EXPORT_LIMIT])


def export_csv(request: HttpRequest) -> HttpResponse:
    """Export the current search as a CSV of the schema, in its column order."""
    variant = request.GET.get("variante", Variant.BASE)
    if variant not in Variant.values:
        return HttpResponseBadRequest("« variante » vaut dispositif-aide ou dispositif-aide-professionnels.")
    schemes = _exported(request)
    if isinstance(schemes, HttpResponse):
        return schemes
    response = HttpResponse(write_csv(schemes, variant), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{variant}.csv"'
    return response


def export_json(request: HttpRequest) -> HttpResponse:
    """Export the current search as JSON: the schema's fields by their names, then the extensions."""
    schemes = _exported(request)
    if isinstance(schemes, HttpResponse):
        return schemes
    rows = [scheme_cells(s, extensions=True) for s in schemes]
    body = json.dumps({"schema": "dispositif-aide 0.2.0", "dispositifs": rows}, ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@staff_member_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Let staff import a CSV of the schema, first as a trial, with the row-level report."""
    report = None
    if request.method == "POST":
        upload = request.FILES.get("fichier")
        source = (request.POST.get("source") or "").strip()[:200]
        if upload is None or not source:
            messages.error(request, "Choisissez un fichier CSV et nommez sa source.")
            return redirect("schemes:import")
        if upload.size and upload.size > 20 * 1024 * 1024:
            messages.error(request, "Fichier trop volumineux (20 Mo au plus).")
            return redirect("schemes:import")
        dry_run = request.POST.get("essai") == "oui"
        report = import_schemes(upload.read(), source=source, dry_run=dry_run, actor=request.user)
    return render(request, "www/schemes/import.html", {"report": report, "facets": TAG_FACETS})
