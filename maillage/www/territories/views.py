"""Territory pages: search with autocomplete, a territory's page and its map layer."""

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from maillage.territories.models import Territory, TerritoryOutline
from maillage.territories.search import search_territories
from maillage.territories.selectors import (
    referential_release,
    territory_children,
    territory_get,
    territory_parents,
    territory_projects,
)

MAX_QUERY_LENGTH = 200


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "")[:MAX_QUERY_LENGTH]


def search(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    results = search_territories(query, limit=30) if query.strip() else []
    return render(
        request,
        "www/territories/search.html",
        {"query": query, "results": results, "release": referential_release()},
    )


def suggestions(request: HttpRequest) -> HttpResponse:
    """Render the autocomplete list swapped in by HTMX under the search field."""
    query = _query(request)
    results = search_territories(query, limit=8) if query.strip() else []
    return render(request, "www/territories/_suggestions.html", {"query": query, "results": results})


def _get_or_404(territory_id: str) -> Territory:
    try:
        return territory_get(territory_id)
    except Territory.DoesNotExist as error:
        raise Http404(f"Territoire inconnu : {territory_id}") from error


def detail(request: HttpRequest, territory_id: str) -> HttpResponse:
    territory = _get_or_404(territory_id)
    return render(
        request,
        "www/territories/detail.html",
        {
            "territory": territory,
            "parents": territory_parents(territory),
            "projects": territory_projects(territory),
            "children": territory_children(territory),
            "release": referential_release(),
        },
    )


def map_geojson(request: HttpRequest, territory_id: str) -> JsonResponse:
    """Return the outline of a territory and of its children as a GeoJSON FeatureCollection."""
    territory = _get_or_404(territory_id)
    children = {child.id: child for child in territory_children(territory)}
    outlines = TerritoryOutline.objects.filter(territory_id__in=[territory.id, *children])
    features = []
    for outline in outlines:
        shown = children.get(outline.territory_id, territory)
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(outline.geojson),
                "properties": {
                    "id": shown.id,
                    "nom": shown.name,
                    "role": "enfant" if shown.id in children else "territoire",
                    "url": shown.get_absolute_url(),
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})
