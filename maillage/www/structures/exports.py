"""Downloads of a result set of the directory, with the list's filters: CSV, GeoJSON, data·inclusion JSON.

Up to `EXPORT_IMMEDIATE_LIMIT` rows a download streams at once. Beyond, a signed-in person gets the file
prepared by a background task and a link by e-mail (valid for `EXPORT_LINK_MAX_AGE_SECONDS`, for them
only); an anonymous visitor is asked to narrow the filters or to sign in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.structures import exports
from maillage.structures.data_inclusion import data_inclusion_chunks
from maillage.structures.models import Structure
from maillage.structures.search import FilterError, count_structures, parse_filters

Writer = Callable[..., Iterator[str]]
LINK_SALT = "maillage.structure-export"


@dataclass(frozen=True)
class Format:
    writer: Writer
    content_type: str
    filename: str  # with {day}
    label: str


FORMATS = {
    "csv": Format(
        exports.csv_chunks, "text/csv; charset=utf-8", "maillage-structures-{day}.csv", "tableur (CSV)"
    ),
    "geojson": Format(
        exports.geojson_chunks, "application/geo+json", "maillage-structures-{day}.geojson", "GeoJSON"
    ),
    "data_inclusion": Format(
        data_inclusion_chunks,
        "application/json",
        "maillage-structures-data-inclusion-{day}.json",
        "data·inclusion (JSON)",
    ),
}


def export_filename(kind: str) -> str:
    """Return the name a download of this format gets today."""
    return FORMATS[kind].filename.format(day=timezone.localdate().isoformat())


def _download(request: HttpRequest, kind: str) -> HttpResponseBase:
    try:
        filters = parse_filters(request.GET)
    except FilterError as error:
        return HttpResponseBadRequest(error.message, content_type="text/plain; charset=utf-8")
    # Read at call time, so that a test can lower the cap.
    limit = exports.EXPORT_LIMIT
    total = count_structures(filters)
    if total > settings.EXPORT_IMMEDIATE_LIMIT:
        return _deferred(request, kind, total=total)
    structures: QuerySet[Structure] = exports.structures_to_export(filters)
    site_url = request.build_absolute_uri("/").rstrip("/")
    response = StreamingHttpResponse(
        (chunk.encode() for chunk in FORMATS[kind].writer(structures, site_url=site_url, limit=limit)),
        content_type=FORMATS[kind].content_type,
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename(kind)}"'
    response["X-Export-Total"] = str(total)
    response["X-Export-Tronque"] = "oui" if total > limit else "non"
    return response


def _deferred(request: HttpRequest, kind: str, *, total: int) -> HttpResponse:
    """Queue a large export for a signed-in person; ask anyone else to narrow the filters or sign in."""
    context = {
        "total": total,
        "limit": settings.EXPORT_IMMEDIATE_LIMIT,
        "format": FORMATS[kind],
        "query": request.GET.urlencode(),
    }
    if not request.user.is_authenticated:
        return render(request, "www/structures/export_too_large.html", context, status=403)
    # Imported here: the task module imports this one for the formats.
    from maillage.www.tasks import structure_export_prepare  # noqa: PLC0415

    structure_export_prepare.enqueue(user_id=request.user.pk, kind=kind, query=request.GET.urlencode())
    return render(request, "www/structures/export_queued.html", context, status=202)


def download_token(*, user_id: int, name: str) -> str:
    """Sign the storage name of a prepared export for the one person allowed to download it."""
    return signing.dumps({"u": user_id, "f": name}, salt=LINK_SALT, compress=True)


@require_GET
@login_required
def prepared_export(request: HttpRequest, token: str) -> HttpResponseBase:
    """Serve a prepared export to the person it was prepared for, while its link lasts."""
    try:
        signed = signing.loads(token, salt=LINK_SALT, max_age=settings.EXPORT_LINK_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        return render(request, "www/structures/export_expired.html", status=410)
    except signing.BadSignature as error:
        raise Http404("Lien de téléchargement inconnu.") from error
    name = str(signed.get("f", ""))
    if signed.get("u") != request.user.pk or not default_storage.exists(name):
        raise Http404("Lien de téléchargement inconnu.")
    kind = next(
        (k for k, f in FORMATS.items() if PurePath(f.filename).suffix == PurePath(name).suffix), "csv"
    )
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=PurePath(name).name,
        content_type=FORMATS[kind].content_type,
    )


@require_GET
def csv_export(request: HttpRequest) -> HttpResponseBase:
    """Download the matching structures as a spreadsheet-safe CSV."""
    return _download(request, "csv")


@require_GET
def geojson_export(request: HttpRequest) -> HttpResponseBase:
    """Download the matching structures that have coordinates as GeoJSON points."""
    return _download(request, "geojson")


@require_GET
def data_inclusion_export(request: HttpRequest) -> HttpResponseBase:
    """Download the matching structures in data·inclusion's structures schema (v1)."""
    return _download(request, "data_inclusion")
