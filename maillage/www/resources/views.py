"""Library pages: parse the filters, call a selector, render; no JavaScript needed anywhere."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from maillage.memberships.rules import can
from maillage.resources.enums import ResourceKind
from maillage.resources.exports import dublin_core_lines
from maillage.resources.jsonld import resource_jsonld
from maillage.resources.rules import VIEW
from maillage.resources.selectors import (
    catalogue,
    collection_for_page,
    collections_list,
    kind_counts,
    parse_filters,
    related_resources,
    resource_for_page,
)
from maillage.schemes.needs import need_labels
from maillage.search.params import ParameterError, page_number
from maillage.structures.models import Discipline
from maillage.www.structures.detail import json_ld_script

PAGE_SIZE = 20


def _choices() -> dict[str, object]:
    return {
        "kinds": ResourceKind.choices,
        "themes": list(need_labels().items()),
        "disciplines": Discipline.objects.filter(parent__isnull=True).order_by("name"),
    }


def library(request: HttpRequest) -> HttpResponse:
    """List the public resources, filtered by words, theme, territory, type and discipline."""
    try:
        filters = parse_filters(request.GET)
    except ParameterError as error:
        return render(
            request,
            "www/resources/list.html",
            {"error": error.message, "get": request.GET, **_choices()},
            status=400,
        )
    page = Paginator(catalogue(filters), PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "www/resources/list.html",
        {
            "page": page,
            "filters": filters,
            "facets": kind_counts(filters),
            "collections": [] if filters.active() else list(collections_list()),
            "get": request.GET,
            "kept": kept.urlencode(),
            **_choices(),
        },
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a resource: who made it, when, what it covers, its link (checked), collections and neighbours."""
    resource = resource_for_page(slug)
    if resource is None or not can(request.user, VIEW, resource):
        raise Http404("Ressource introuvable.")
    base_url = request.build_absolute_uri("/")[:-1]
    labels = need_labels()
    return render(
        request,
        "www/resources/detail.html",
        {
            "resource": resource,
            "themes": [(n, labels[n]) for n in resource.needs if n in labels],
            "related": related_resources(resource),
            "json_ld": json_ld_script(resource_jsonld(resource, base_url=base_url)),
        },
    )


def collection(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a collection: its editor's note, its resources in order with their notes, its sub-collections."""
    found = collection_for_page(slug)
    if found is None:
        raise Http404("Collection introuvable.")
    return render(request, "www/resources/collection.html", {"collection": found})


def export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Stream the filtered resources as Dublin Core CSV (the same filters as the list)."""
    try:
        filters = parse_filters(request.GET)
    except ParameterError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    base_url = request.build_absolute_uri("/")[:-1]
    lines = dublin_core_lines(catalogue(filters).iterator(chunk_size=200), base_url=base_url)
    response = StreamingHttpResponse(_with_mark(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ressources-dublin-core.csv"'
    return response


def _with_mark(lines: Iterator[str]) -> Iterator[str]:
    yield "\ufeff"  # Excel reads UTF-8 only with its mark
    yield from lines
