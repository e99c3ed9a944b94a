"""Downloads of a result set of the directory, with the list's filters: CSV, GeoJSON, data·inclusion JSON."""

from collections.abc import Callable, Iterator

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBadRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.structures import exports
from maillage.structures.data_inclusion import data_inclusion_chunks
from maillage.structures.models import Structure
from maillage.structures.search import FilterError, count_structures, parse_filters

Writer = Callable[..., Iterator[str]]


def _download(request: HttpRequest, writer: Writer, *, content_type: str, filename: str) -> HttpResponseBase:
    try:
        filters = parse_filters(request.GET)
    except FilterError as error:
        return HttpResponseBadRequest(error.message, content_type="text/plain; charset=utf-8")
    # Read at call time, so that a test can lower the cap.
    limit = exports.EXPORT_LIMIT
    total = count_structures(filters)
    structures: QuerySet[Structure] = exports.structures_to_export(filters)
    site_url = request.build_absolute_uri("/").rstrip("/")
    response = StreamingHttpResponse(
        (chunk.encode() for chunk in writer(structures, site_url=site_url, limit=limit)),
        content_type=content_type,
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{filename.format(day=day)}"'
    response["X-Export-Total"] = str(total)
    response["X-Export-Tronque"] = "oui" if total > limit else "non"
    return response


@require_GET
def csv_export(request: HttpRequest) -> HttpResponseBase:
    """Download the matching structures as a spreadsheet-safe CSV."""
    return _download(
        request,
        exports.csv_chunks,
        content_type="text/csv; charset=utf-8",
        filename="maillage-structures-{day}.csv",
    )


@require_GET
def geojson_export(request: HttpRequest) -> HttpResponseBase:
    """Download the matching structures that have coordinates as GeoJSON points."""
    return _download(
        request,
        exports.geojson_chunks,
        content_type="application/geo+json",
        filename="maillage-structures-{day}.geojson",
    )


@require_GET
def data_inclusion_export(request: HttpRequest) -> HttpResponseBase:
    """Download the matching structures in data·inclusion's structures schema (v1)."""
    return _download(
        request,
        data_inclusion_chunks,
        content_type="application/json",
        filename="maillage-structures-data-inclusion-{day}.json",
    )
