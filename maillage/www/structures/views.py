"""Directory pages: the list and its map, a structure's page, a network's members, the cooperation graph.

Views parse the query string with the shared search core (maillage.structures.search), call it, render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from maillage.contributions.source_changes import pending_source_changes
from maillage.history.selectors import merged_into
from maillage.memberships.enums import Action
from maillage.memberships.rules import can
from maillage.quality.selectors import record_score
from maillage.structures.models import Structure
from maillage.structures.panels import structure_panels
from maillage.structures.search import (
    DEFAULT_PAGE_SIZE,
    SORTS,
    STATES,
    Facets,
    FilterError,
    StructureFilters,
    filter_structures,
    parse_filters,
    search_page,
    structure_facets,
)
from maillage.structures.selectors import structure_get, structure_relations
from maillage.territories.enums import FRANCE_ID
from maillage.territories.search import search_territories
from maillage.www.contributions.source_changes import source_change_items
from maillage.www.page_cache import cached_for_visitors
from maillage.www.structures import detail as detail_parts
from maillage.www.structures.graph import MAX_NODES, cooperation_graph
from maillage.www.structures.listing import (
    PAGE_SIZES,
    active_filters,
    facet_groups,
    filter_params,
    pagination,
    with_query,
)
from maillage.www.structures.map import MapRequestError, map_data, parse_map_view
from maillage.www.structures.network import consolidated_figures

# Parameters the list form carries as hidden fields: set by the facets, kept when the search changes.
FACET_PARAMETERS = ("discipline", "famille", "type", "reseau", "ess")
EXPORT_FORMATS = (("csv", "CSV"), ("geojson", "GeoJSON"), ("data-inclusion", "data·inclusion (JSON)"))
MAX_SUGGESTION_QUERY = 100


def _outline_url(territory_id: str) -> str:
    return reverse("territories:map_geojson", kwargs={"territory_id": territory_id})


def _form_context(request: HttpRequest, *, hidden: tuple[str, ...] = ()) -> dict[str, Any]:
    """Return the form's values as typed, so a page in error shows what was asked."""
    get = request.GET
    return {
        "form_q": get.get("q", ""),
        "form_territory": get.get("territoire", ""),
        "form_state": get.get("etat", "actif") or "actif",
        "form_sort": get.get("tri", "pertinence") or "pertinence",
        "form_size": get.get("taille", "") or str(DEFAULT_PAGE_SIZE),
        "form_hidden": [
            (name, value) for name in FACET_PARAMETERS if name not in hidden for value in get.getlist(name)
        ],
        "states": STATES,
        "sorts": SORTS,
        "page_sizes": PAGE_SIZES,
    }


def _error_context(request: HttpRequest, error: FilterError) -> dict[str, Any]:
    """Explain a filter in error; for an unknown territory, offer the territories matching what was typed."""
    suggestions = []
    if error.parameter == "territoire":
        typed = request.GET.get("territoire", "")[:MAX_SUGGESTION_QUERY]
        kept = {
            name: [v for v in request.GET.getlist(name) if v.strip()]
            for name in request.GET
            if name not in ("territoire", "page")
        }
        for territory in search_territories(typed, limit=5):
            params = {**kept, "territoire": territory.id}
            suggestions.append((territory, with_query(request.path, params)))
    return {"error": error, "territory_suggestions": suggestions}


def _directory(
    request: HttpRequest,
    params: QueryDict,
    *,
    template: str = "www/structures/list.html",
    hidden: tuple[str, ...] = (),
    extra: dict[str, Any] | None = None,
    extend: Callable[[StructureFilters, Facets], dict[str, Any]] | None = None,
    show_map: bool = False,
    capped: bool = True,
) -> HttpResponse:
    """Render a result list (or its map) for parameters; a bad filter is a 400 page that says why.

    `capped`: a broad text search says "plus de 2 000" rather than counting every match (see
    `structure_facets`); a network's members are counted whole, their figures add up.
    """
    context: dict[str, Any] = {**_form_context(request, hidden=hidden), "show_map": show_map, **(extra or {})}
    try:
        filters = parse_filters(params)
    except FilterError as error:
        context.update(_error_context(request, error))
        return render(request, template, context, status=400)
    facets = structure_facets(filters, capped=capped)
    page = search_page(filters, total=facets.total, more=facets.capped)
    path = request.path
    links = {k: v for k, v in filter_params(filters).items() if k not in hidden}
    shared = filter_params(filters)
    page_params = {**shared, "page": str(filters.page)} if filters.page > 1 else shared
    exports = filters.as_params()
    context.update(
        {
            "filters": filters,
            "facets": facets,
            "facet_groups": facet_groups(path, links, facets, hidden=hidden),
            "active_filters": active_filters(path, links, filters, hidden=hidden),
            "page": page,
            "first_index": (page.number - 1) * page.size + 1,
            "last_index": (page.number - 1) * page.size + len(page.items),
            "pagination": pagination(path, links, number=page.number, num_pages=page.num_pages),
            "list_url": with_query(reverse("structures:list"), page_params),
            "map_url": with_query(reverse("structures:map"), page_params),
            "graph_url": with_query(reverse("structures:graph"), exports),
            "alert_url": with_query(reverse("alerts:create", args=["structures"]), exports),
            "exports": [
                (label, with_query(f"/structures/export/{name}/", exports)) for name, label in EXPORT_FORMATS
            ],
        }
    )
    if show_map:
        context["map_data_url"] = with_query(reverse("structures:map_data"), exports)
        context["outline_url"] = _outline_url(FRANCE_ID)
        if filters.territory is not None:
            context["focus_url"] = _outline_url(filters.territory.id)
    if extend is not None:
        context.update(extend(filters, facets))
    return render(request, template, context)


@cached_for_visitors
def structure_list(request: HttpRequest) -> HttpResponse:
    return _directory(request, request.GET)


@cached_for_visitors
def structure_map(request: HttpRequest) -> HttpResponse:
    """Render the same list as /structures/ under a map of the results."""
    return _directory(request, request.GET, show_map=True)


def map_data_json(request: HttpRequest) -> JsonResponse:
    """Return the results in a box as clusters (low zoom, many points) or points."""
    try:
        filters = parse_filters(request.GET)
        view = parse_map_view(request.GET.get("bbox"), request.GET.get("zoom"))
    except (FilterError, MapRequestError) as error:
        return JsonResponse({"erreur": error.message, "parametre": error.parameter}, status=400)
    return JsonResponse(map_data(filter_structures(filters), view))


def territory_options(request: HttpRequest) -> HttpResponse:
    """Render <option> elements for the territory field's datalist, swapped in by HTMX as one types."""
    typed = request.GET.get("territoire", "")[:MAX_SUGGESTION_QUERY]
    results = search_territories(typed, limit=8) if typed.strip() else []
    return render(request, "www/structures/_territory_options.html", {"results": results})


def structure_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        structure = structure_get(slug)
    except Structure.DoesNotExist as error:
        # A structure merged into another keeps its address: links and bookmarks follow the merge.
        if (into := merged_into(slug)) is not None:
            return HttpResponsePermanentRedirect(reverse("structures:detail", kwargs={"slug": into.slug}))
        raise Http404(f"Structure inconnue : {slug}") from error
    # A withdrawn record is unpublished: only the people who look after it still see it.
    if structure.withdrawn_at is not None and not can(request.user, Action.VIEW_WITHDRAWN, structure):
        raise Http404(f"Structure inconnue : {slug}")
    relations = list(structure_relations(structure, with_declared=True))
    page_url = request.build_absolute_uri(request.path)
    base_url = request.build_absolute_uri("/").rstrip("/")
    networks = detail_parts.current_networks(structure, relations)
    data = detail_parts.json_ld(structure, page_url=page_url, networks=networks, base_url=base_url)
    point = detail_parts.map_point(structure)
    context = {
        "structure": structure,
        "other_names": [n for n in structure.other_names.splitlines() if n.strip()],
        "founded": detail_parts.founded_display(structure),
        "relation_groups": detail_parts.relation_groups(structure, relations),
        "joint_acts": detail_parts.joint_acts(structure, relations),
        "figure_years": detail_parts.figures_by_year(structure.key_figures.all()),
        "member_count": detail_parts.current_member_count(structure, relations),
        "json_ld": detail_parts.json_ld_script(data),
        "point": point,
        "panels": structure_panels(request.user, structure),
        "source_changes": (
            source_change_items(pending_source_changes(structure))
            if can(request.user, Action.REVIEW_SOURCE_CHANGE, structure)
            else []
        ),
        # What to do to raise the record's quality: for the people who can edit it.
        "quality": record_score(structure) if can(request.user, Action.EDIT, structure) else None,
        "outline_url": (
            _outline_url(structure.commune.departement_id)
            if structure.commune is not None and structure.commune.departement_id
            else ""
        ),
    }
    return render(request, "www/structures/detail.html", context)


def network_members(request: HttpRequest, slug: str) -> HttpResponse:
    """Render the list of a network's current members, with their consolidated figures."""
    network = get_object_or_404(Structure.objects.only("pk", "name", "acronym", "slug"), slug=slug)
    params = request.GET.copy()
    params.setlist("reseau", [network.slug])

    def figures(filters: StructureFilters, facets: Facets) -> dict[str, Any]:
        return {"figures": consolidated_figures(filter_structures(filters), facets.total)}

    return _directory(
        request,
        params,
        template="www/structures/members.html",
        hidden=("reseau",),
        extra={"network": network},
        extend=figures,
        capped=False,
    )


def graph(request: HttpRequest) -> HttpResponse:
    """Render the relations among the results and their direct partners, as an SVG and as a table."""
    context: dict[str, Any] = _form_context(request)
    try:
        filters: StructureFilters = parse_filters(request.GET)
    except FilterError as error:
        context.update(_error_context(request, error))
        return render(request, "www/structures/graph.html", context, status=400)
    params = filters.as_params()
    context.update(
        {
            "filters": filters,
            "graph": cooperation_graph(filter_structures(filters)),
            "max_nodes": MAX_NODES,
            "active_filters": active_filters(request.path, params, filters),
            "list_url": with_query(reverse("structures:list"), params),
        }
    )
    return render(request, "www/structures/graph.html", context)
