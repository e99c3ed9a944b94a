"""GET /api/v1/materiel (the equipment structures lend, free over some dates) and /api/v1/materiel/<id>."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from maillage.api.auth import lending_write
from maillage.api.conditional import (
    RECORD_ETAG_RESPONSES,
    WRITE_RESPONSES,
    conditional_patch,
    field_errors,
    if_match_parameter,
)
from maillage.api.schemas import Error
from maillage.api.versions import ETAG_HEADER, etag
from maillage.bookings.periods import day_period
from maillage.lending.enums import Category
from maillage.lending.models import Item
from maillage.lending.selectors import items_free, items_on_offer
from maillage.lending.services import item_update
from maillage.memberships.rules import can

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


@router.get(
    "/{item_id}",
    response={200: ItemOut, 404: Error},
    summary="Un matériel à emprunter",
    description=(
        "L'en-tête `ETag` identifie la version de la fiche : renvoyez-le dans `If-Match` pour la modifier."
    ),
    openapi_extra={"responses": {200: {"headers": {"ETag": ETAG_HEADER}}}},
)
def item_detail(request: HttpRequest, response: HttpResponse, item_id: int) -> Status[ItemOut | Error]:
    """Return one item on offer by its number, with its version as ETag."""
    item = items_on_offer().filter(pk=item_id).first()
    if item is None:
        return Status(404, Error(detail=f"Matériel inconnu : {item_id}"))
    response["ETag"] = etag(item)
    return Status(200, _out(request, item))


AudienceCode = Literal["network", "territory", "anyone"]


class ItemPatch(Schema):
    """The terms of an item its owner changes; the fields left out stay as they are."""

    model_config = {"extra": "forbid"}

    description: str | None = Field(None, max_length=5000)
    caution: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    valeur_de_remplacement: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    assurance_exigee: bool | None = None
    conditions: str | None = Field(None, max_length=5000)
    qui_peut_emprunter: AudienceCode | None = None


# Body field → model field; the same French names as the answers.
ITEM_PATCH_FIELDS = {
    "description": "description",
    "caution": "deposit",
    "valeur_de_remplacement": "replacement_value",
    "assurance_exigee": "insurance_required",
    "conditions": "conditions",
    "qui_peut_emprunter": "audience",
}
ITEM_ERROR_FIELDS = {model: api for api, model in ITEM_PATCH_FIELDS.items()} | {"__all__": "materiel"}
# Fields that are text or a choice on the model: JSON null there means "empty", or is refused.
NOT_NULL = {"description": "", "conditions": "", "deposit": Decimal(0)}
NOT_MANAGER = "Seuls les responsables de la structure qui prête ce matériel peuvent le modifier."
ITEM_PATCH_DESCRIPTION = (
    "Modifie les conditions de prêt envoyées (les autres restent). Réservé aux responsables de la "
    "structure qui prête, avec un jeton de portée `materiel:write` (en-tête `Authorization: Bearer <clé>`). "
    "Une valeur refusée donne une réponse 400 `{detail, erreurs}` ; rien n'est alors modifié.\n\n"
    "**Modifications concurrentes** : l'en-tête `If-Match` est obligatoire, avec l'`ETag` reçu en lisant "
    "la fiche (`GET`). Sans lui, la réponse est 428 ; si la fiche a changé depuis, 412 avec l'`ETag` "
    "actuel. Une réponse 200 donne le nouvel `ETag`."
)


def _item_values(payload: ItemPatch) -> dict[str, object]:
    values: dict[str, object] = {}
    for name, value in payload.model_dump(exclude_unset=True).items():
        field = ITEM_PATCH_FIELDS[name]
        if value is None and field in NOT_NULL:
            value = NOT_NULL[field]
        elif value is None and field in ("insurance_required", "audience"):
            raise ValidationError({field: "Valeur obligatoire."})
        values[field] = value.strip() if isinstance(value, str) and field != "audience" else value
    return values


@router.patch(
    "/{item_id}",
    auth=lending_write,
    response={200: ItemOut, **WRITE_RESPONSES},
    summary="Modifier les conditions de prêt d'un matériel",
    description=ITEM_PATCH_DESCRIPTION,
    openapi_extra={
        "parameters": [if_match_parameter("L'`ETag` reçu avec `GET /api/v1/materiel/{item_id}`.")],
        "responses": RECORD_ETAG_RESPONSES,
    },
)
def item_patch(request: HttpRequest, response: HttpResponse, item_id: int, payload: ItemPatch) -> Status[Any]:
    """Change an item's terms as the key's owner, if that person manages the structure lending it."""
    return conditional_patch(
        request,
        response,
        items_on_offer().filter(pk=item_id).first(),
        unknown=f"Matériel inconnu : {item_id}",
        refusal=lambda item: (
            None if can(request.user, "manage", item) else Status(403, Error(detail=NOT_MANAGER))
        ),
        write=lambda item, expected: item_update(
            item=item, actor=request.user, expected_version=expected, **_item_values(payload)
        ),
        errors=field_errors(ITEM_ERROR_FIELDS, whole="materiel"),
        answer=lambda item: _out(request, items_on_offer().get(pk=item.pk)),
    )
