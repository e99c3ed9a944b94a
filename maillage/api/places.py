"""GET /api/v1/lieux (the shared places open to bookings) and /api/v1/lieux/<id> with their spaces."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from maillage.api.lending import OwnerRef
from maillage.api.schemas import Error
from maillage.places.enums import SpaceAudience, SpaceKind
from maillage.places.models import Place, Space
from maillage.places.selectors import places_on_offer

router = Router(tags=["lieux partagés"])
PAGE_SIZE = 50


class PlaceQuery(Schema):
    page: int = Field(1, ge=1, le=10000, description="numéro de page (50 par page)")


class SpaceOut(Schema):
    id: int
    nom: str
    type: str
    type_libelle: str
    capacite: int | None
    equipement: str
    qui_peut_reserver: str
    url: str


class PlaceOut(Schema):
    id: str
    nom: str
    description: str
    adresse: str
    ouvre_a: datetime.time
    ferme_a: datetime.time
    fermeture: str
    gestionnaire: OwnerRef
    url: str
    espaces: list[SpaceOut]


class PlacePage(Schema):
    total: int
    page: int
    pages: int
    items: list[PlaceOut]


def _space(request: HttpRequest, place: Place, space: Space) -> SpaceOut:
    return SpaceOut(
        id=space.pk,
        nom=space.resource.name,
        type=space.kind,
        type_libelle=SpaceKind(space.kind).label,
        capacite=space.capacity,
        equipement=space.equipment,
        qui_peut_reserver=SpaceAudience(space.audience).label,
        url=request.build_absolute_uri(reverse("pooling:space", args=[place.slug, space.pk])),
    )


def _out(request: HttpRequest, place: Place) -> PlaceOut:
    return PlaceOut(
        id=place.slug,
        nom=place.name,
        description=place.description,
        adresse=place.address,
        ouvre_a=place.opens_at,
        ferme_a=place.closes_at,
        fermeture=place.closed_days_label(),
        gestionnaire=OwnerRef(id=place.owner.slug, nom=place.owner.name),
        url=request.build_absolute_uri(reverse("pooling:place", args=[place.slug])),
        espaces=[_space(request, place, space) for space in place.spaces.all()],
    )


@router.get("", response={200: PlacePage, 400: Error}, summary="Les lieux partagés et leurs espaces")
def place_list(request: HttpRequest, params: Query[PlaceQuery]) -> Status[PlacePage | Error]:
    """Return the places open to bookings, by name, each with its spaces on offer."""
    paginator = Paginator(places_on_offer(), PAGE_SIZE)
    page = paginator.get_page(params.page)
    return Status(
        200,
        PlacePage(
            total=paginator.count,
            page=page.number,
            pages=paginator.num_pages,
            items=[_out(request, place) for place in page.object_list],
        ),
    )


@router.get("/{place_id}", response={200: PlaceOut, 404: Error}, summary="Un lieu partagé et ses espaces")
def place_detail(request: HttpRequest, place_id: str) -> Status[PlaceOut | Error]:
    """Return one place open to bookings by its public id (the address of its page)."""
    place = places_on_offer().filter(slug=place_id).first()
    if place is None:
        return Status(404, Error(detail=f"Lieu inconnu : {place_id[:100]}"))
    return Status(200, _out(request, place))
