"""Territory pages: search with autocomplete, a territory's dashboard, its map layer and its CSV tables."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maillage.observatory.selectors import latest_snapshot
from maillage.territories.enums import FRANCE_ID
from maillage.territories.models import Territory
from maillage.territories.search import search_territories
from maillage.territories.selectors import referential_release, territory_get
from maillage.www.territories.dashboard import (
    SnapshotNotFoundError,
    build_dashboard,
    children_figures,
    drawn_as_points,
    snapshot_for,
)
from maillage.www.territories.home import home_context
from maillage.www.territories.mapsvg import METROPOLE_FRAME, load_outlines
from maillage.www.territories.page import dashboard_context
from maillage.www.territories.tables import available_tables, table_csv

MAX_QUERY_LENGTH = 200


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "")[:MAX_QUERY_LENGTH]


def search(request: HttpRequest) -> HttpResponse:
    """Render the observatory's front page: the territory search, France, its régions, diagnostics."""
    query = _query(request)
    results = search_territories(query, limit=30) if query.strip() else []
    context = {"query": query, "results": results, "release": referential_release(), **home_context()}
    return render(request, "www/territories/search.html", context)


def suggestions(request: HttpRequest) -> HttpResponse:
    """Render the autocomplete list swapped in by HTMX under the search field."""
    query = _query(request)
    results = search_territories(query, limit=8) if query.strip() else []
    return render(request, "www/territories/_suggestions.html", {"query": query, "results": results})


def get_or_404(territory_id: str) -> Territory:
    """Return a territory or raise a French 404."""
    try:
        return territory_get(territory_id)
    except Territory.DoesNotExist as error:
        raise Http404(f"Territoire inconnu : {territory_id[:80]}") from error


@require_GET
def detail(request: HttpRequest, territory_id: str) -> HttpResponse:
    """Render a territory's dashboard: identity, key figures, charts, choropleth, lists, surveys."""
    territory = get_or_404(territory_id)
    return render(request, "www/territories/detail.html", dashboard_context(build_dashboard(territory)))


@require_GET
def map_geojson(request: HttpRequest, territory_id: str) -> JsonResponse:
    """Return the outline of a territory and its children coloured by structures per 10,000 inhabitants.

    Children with an outline are polygons; communes are their town-hall point with a circle radius (in
    pixels) proportional to their number of structures.
    """
    territory = get_or_404(territory_id)
    children, figures, _ = children_figures(territory, latest_snapshot())
    as_points = drawn_as_points(children)
    outlines = load_outlines(
        [territory.id] if as_points else [territory.id, *(f.territory.id for f in figures)]
    )
    features = []
    if territory.id in outlines:
        features.append(_feature(outlines[territory.id], territory, role="territoire"))
    for figure in figures:
        child = figure.territory
        properties = {
            "valeur": figure.rate,
            "structures": figure.count,
            "libelle": figure.rate_label,
            "couleur": figure.colour,
        }
        if as_points and child.latitude is not None and child.longitude is not None:
            point: dict[str, object] = {"type": "Point", "coordinates": [child.longitude, child.latitude]}
            features.append(
                _feature(point, child, role="enfant", rayon=round(figure.radius, 1), **properties)
            )
        elif child.id in outlines:
            features.append(_feature(outlines[child.id], child, role="enfant", **properties))
    collection: dict[str, object] = {"type": "FeatureCollection", "features": features}
    if territory.id == FRANCE_ID:
        # A foreign member read by territory-map.js: frame the mainland, the overseas régions stay listed.
        west, south, east, north = METROPOLE_FRAME
        collection["cadrage"] = [west, south, east, north]
    return JsonResponse(collection)


def _feature(
    geometry: dict[str, object], territory: Territory, *, role: str, **extra: object
) -> dict[str, object]:
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "id": territory.id,
            "nom": territory.name,
            "role": role,
            "url": territory.get_absolute_url(),
            **extra,
        },
    }


@require_GET
def table_csv_view(request: HttpRequest, territory_id: str, table: str) -> HttpResponse:
    """Download one table of a territory's dashboard as CSV (pinned to ?instantane=<id> if given)."""
    territory = get_or_404(territory_id)
    try:
        snapshot = snapshot_for(request.GET.get("instantane"))
    except SnapshotNotFoundError as error:
        raise Http404(str(error)) from error
    builders = available_tables(build_dashboard(territory, snapshot=snapshot, latest=False))
    if table not in builders:
        raise Http404(f"Tableau inconnu : {table[:60]}")
    content = builders[table]()
    response = HttpResponse(table_csv(content).encode(), content_type="text/csv; charset=utf-8")
    stamp = f"-{snapshot.taken_at:%Y-%m-%d}" if snapshot else ""
    response["Content-Disposition"] = f'attachment; filename="{territory.id}-{table}{stamp}.csv"'
    return response
