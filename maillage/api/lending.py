"""GET /api/v1/materiel (the equipment structures lend, free over some dates) and /api/v1/materiel/<id>."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from maillage.api.schemas import Error
from maillage.bookings.periods import day_period
from maillage.lending.enums import Category
from maillage.lending.models import Item
from maillage.lending.selectors import items_free, items_on_offer

router = Router(tags=["matériel"])
PAGE_SIZE = 50
LONGEST = datetime.timedelta(days=366)
CategoryCode = Literal["sound", "light", "video", "stage", "vehicle", "furniture", "computing", "other"]


class ItemQuery(Schema):
    categorie: CategoryCode | None = Field(None, description="catégorie (son : sound, lumière : light…)")
    du: datetime.date | None = Field(None, description="premier jour voulu (AAAA-MM-JJ), avec `au`")
    au: datetime.date | None = Field(None, description="dernier jour voulu (AAAA-MM-JJ), avec `du`")
    page: int = Field(1, ge=1, le=10000, description="numéro de page (50 par page)")


class OwnerRef(Schema):
    id: str
    nom: str


class ItemOut(Schema):
    id: int
    nom: str
    categorie: str
    categorie_libelle: str
    description: str
    caution: Decimal
    valeur_de_remplacement: Decimal | None
    assurance_exigee: bool
    conditions: str
    preteur: OwnerRef
    url: str


class ItemPage(Schema):
    total: int
    page: int
    pages: int
    items: list[ItemOut]


def _out(request: HttpRequest, item: Item) -> ItemOut:
    return ItemOut(
        id=item.pk,
        nom=item.resource.name,
        categorie=item.category,
        categorie_libelle=Category(item.category).label,
        description=item.description,
        caution=item.deposit,
        valeur_de_remplacement=item.replacement_value,
        assurance_exigee=item.insurance_required,
        conditions=item.conditions,
        preteur=OwnerRef(id=item.resource.owner.slug, nom=item.resource.owner.name),
        url=request.build_absolute_uri(reverse("pooling:item", args=[item.pk])),
    )


@router.get("", response={200: ItemPage, 400: Error}, summary="Chercher du matériel à emprunter")
def item_search(request: HttpRequest, params: Query[ItemQuery]) -> Status[ItemPage | Error]:
    """Return the items on offer, of a category, free from `du` to `au` when both are given."""
    if (params.du is None) != (params.au is None):
        return Status(400, Error(detail="Donnez les deux dates, `du` et `au`, ou aucune."))
    if params.du and params.au:
        if params.au < params.du or params.au - params.du > LONGEST:
            return Status(400, Error(detail="`au` doit suivre `du`, d'un an au plus."))
        start, end = day_period(params.du, params.au)
        items = items_free(start=start, end=end, category=params.categorie or "")
    else:
        items = items_on_offer()
        if params.categorie:
            items = items.filter(category=params.categorie)
    paginator = Paginator(items, PAGE_SIZE)
    page = paginator.get_page(params.page)
    return Status(
        200,
        ItemPage(
            total=paginator.count,
            page=page.number,
            pages=paginator.num_pages,
            items=[_out(request, item) for item in page.object_list],
        ),
    )


@router.get("/{item_id}", response={200: ItemOut, 404: Error}, summary="Un matériel à emprunter")
def item_detail(request: HttpRequest, item_id: int) -> Status[ItemOut | Error]:
    """Return one item on offer by its number."""
    item = items_on_offer().filter(pk=item_id).first()
    if item is None:
        return Status(404, Error(detail=f"Matériel inconnu : {item_id}"))
    return Status(200, _out(request, item))
