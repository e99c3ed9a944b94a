"""GET /api/v1/ressources (the library, as on the page), one resource, one collection."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router
from ninja.responses import Status

from maillage.api.event_schemas import FilterErrorOut
from maillage.api.resource_schemas import (
    CollectionBrief,
    CollectionItemOut,
    CollectionOut,
    Named,
    ResourceItem,
    ResourcePage,
    ResourceQuery,
    TerritoryBrief,
)
from maillage.api.schemas import Error
from maillage.memberships.rules import can
from maillage.resources.jsonld import _date
from maillage.resources.models import Resource
from maillage.resources.rules import VIEW
from maillage.resources.selectors import (
    catalogue,
    collection_for_page,
    collections_list,
    parse_filters,
    resource_for_page,
)
from maillage.search.params import ParameterError, page_number

router = Router(tags=["ressources"])
PAGE_SIZE = 50


def _structure(request: HttpRequest, structure: Any) -> Named:
    url = request.build_absolute_uri(reverse("structures:detail", kwargs={"slug": structure.slug}))
    return Named(nom=structure.name, url=url)


def _item(request: HttpRequest, resource: Resource) -> ResourceItem:
    publisher = (
        _structure(request, resource.publisher)
        if resource.publisher
        else Named(nom=resource.publisher_name, url=None)
        if resource.publisher_name
        else None
    )
    creators = [_structure(request, s) for s in resource.creators.all()]
    creators += [Named(nom=n.strip(), url=None) for n in resource.creator_names.split(",") if n.strip()]
    return ResourceItem(
        slug=resource.slug,
        titre=resource.title,
        type=resource.kind,
        resume=resource.summary,
        editeur=publisher,
        auteurs=creators,
        date=_date(resource) if resource.published_on else None,
        adresse=resource.url,
        lien_casse_depuis=resource.url_broken_since.isoformat() if resource.url_broken_since else None,
        licence=resource.licence,
        langue=resource.language,
        themes=list(resource.needs),
        disciplines=[d.slug for d in resource.disciplines.all()],
        territoires=[TerritoryBrief(id=t.id, nom=t.name) for t in resource.territories.all()],
        source=resource.source_label,
        version=resource.version,
        url=request.build_absolute_uri(resource.get_absolute_url()),
    )


@router.get(
    "",
    response={200: ResourcePage, 400: FilterErrorOut},
    summary="Rechercher des ressources",
    description="Les mêmes filtres que la page `/ressources/`. Un paramètre invalide donne une réponse 400 "
    "`{detail, parametre}`.",
)
def resource_search(
    request: HttpRequest, params: Query[ResourceQuery]
) -> Status[ResourcePage | FilterErrorOut]:
    """Return one page of public resources matching the filters, newest first."""
    try:
        filters = parse_filters(request.GET)
    except ParameterError as error:
        return Status(400, FilterErrorOut(detail=error.message, parametre=error.parameter))
    page = Paginator(catalogue(filters), PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    return Status(
        200,
        ResourcePage(
            total=page.paginator.count,
            page=page.number,
            pages=page.paginator.num_pages,
            items=[_item(request, r) for r in page.object_list],
        ),
    )


@router.get("/collections", response=list[CollectionBrief], summary="Les collections")
def collection_list(request: HttpRequest) -> list[CollectionBrief]:
    """Return the public collections at the top of the tree, with their count of public resources."""
    return [
        CollectionBrief(
            slug=c.slug,
            titre=c.title,
            note=c.note,
            ressources=c.size,  # type: ignore[attr-defined]  # annotated by the selector
            url=request.build_absolute_uri(c.get_absolute_url()),
        )
        for c in collections_list()
    ]


@router.get("/collections/{slug}", response={200: CollectionOut, 404: Error}, summary="Une collection")
def collection_detail(request: HttpRequest, slug: str) -> Status[CollectionOut | Error]:
    """Return a public collection: its note, its public resources in order with their notes."""
    collection = collection_for_page(slug)
    if collection is None:
        return Status(404, Error(detail=f"Collection inconnue : {slug[:120]}"))
    items = collection.public_items  # type: ignore[attr-defined]
    # The items' resources are fetched with their publisher; their other links in four more queries.
    resources = {
        r.pk: r
        for r in Resource.objects.filter(pk__in=[i.resource_id for i in items])
        .select_related("publisher")
        .prefetch_related("creators", "territories", "disciplines")
    }
    return Status(
        200,
        CollectionOut(
            slug=collection.slug,
            titre=collection.title,
            note=collection.note,
            parente=collection.parent.slug if collection.parent else None,
            sous_collections=[c.slug for c in collection.children.all()],
            url=request.build_absolute_uri(collection.get_absolute_url()),
            items=[
                CollectionItemOut(note=i.note, ressource=_item(request, resources[i.resource_id]))
                for i in items
            ],
        ),
    )


@router.get("/{slug}", response={200: ResourceItem, 404: Error}, summary="Une ressource")
def resource_detail(request: HttpRequest, slug: str) -> Status[ResourceItem | Error]:
    """Return one public resource."""
    resource = resource_for_page(slug)
    if resource is None or not can(request.user, VIEW, resource):
        return Status(404, Error(detail=f"Ressource inconnue : {slug[:120]}"))
    return Status(200, _item(request, resource))
