"""GET /api/v1/relations (confirmed links between structures), one relation, and its PATCH by If-Match."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.responses import Status
from pydantic import Field

from maillage.api.auth import structures_write
from maillage.api.conditional import (
    ETAG_RESPONSES,
    IF_MATCH_PARAMETER,
    WRITE_RESPONSES,
    conditional_patch,
    field_errors,
    unless_editor,
)
from maillage.api.directory_schemas import RelationItem, RelationPage, RelationPatch
from maillage.api.lists import ListError, ListQuery, list_page
from maillage.api.schemas import Error
from maillage.api.structure_schemas import FilterErrorOut, SourceOut
from maillage.api.structures import _ref
from maillage.api.versions import ETAG_HEADER, etag
from maillage.search.params import id_or_none
from maillage.structures.enums import RelationKind, RelationState
from maillage.structures.models import Relation, Structure
from maillage.structures.relation_services import relation_update

router = Router(tags=["relations"])
PATCH_FIELDS = {
    "debut": "start_date",
    "fin": "end_date",
    "precision_dates": "date_precision",
    "description": "description",
    "source_libelle": "source_label",
    "source_url": "source_url",
    "source_date": "source_date",
}
ERROR_FIELDS = {model: name for name, model in PATCH_FIELDS.items()} | {"__all__": "relation"}


class RelationQuery(ListQuery):
    type: str = Field(
        "", description="Nature de la relation.", json_schema_extra={"enum": list(RelationKind.values)}
    )
    structure: str = Field(
        "", description="Identifiant (slug) d'une structure : ses relations, dans les deux sens."
    )


def published_relations() -> QuerySet[Relation]:
    """Return the confirmed relations whose ends are both published, with both ends joined."""
    return (
        Relation.objects.filter(state=RelationState.ACCEPTED, source__withdrawn_at__isnull=True)
        .exclude(target__withdrawn_at__isnull=False)
        .select_related("source", "target")
    )


def relation_item(request: HttpRequest, relation: Relation) -> RelationItem:
    return RelationItem(
        id=relation.pk,
        type=relation.kind,
        source=_ref(request, relation.source),
        cible=_ref(request, relation.target) if relation.target else None,
        acte=relation.joint_act or None,
        debut=relation.start_date,
        fin=relation.end_date,
        precision_dates=relation.date_precision,
        description=relation.description or None,
        source_document=SourceOut(
            libelle=relation.source_label or None, url=relation.source_url or None, date=relation.source_date
        ),
    )


@router.get(
    "",
    response={200: RelationPage, 400: FilterErrorOut},
    summary="Lister les relations entre structures",
    description=(
        "Les relations confirmées (adhésions acceptées par le réseau, partenariats, mutualisations…) entre "
        "structures publiées, de la plus ancienne saisie à la plus récente. Pagination par `page` ou par "
        "`curseur`."
    ),
)
def relation_list(
    request: HttpRequest, params: Query[RelationQuery]
) -> Status[RelationPage | FilterErrorOut]:
    """Return one page of the published relations, filtered by kind or by structure."""
    queryset = published_relations()
    if params.type:
        if params.type not in RelationKind.values:
            return Status(
                400,
                FilterErrorOut(
                    detail=f"Nature de relation inconnue : « {params.type[:40]} ».", parametre="type"
                ),
            )
        queryset = queryset.filter(kind=params.type)
    if params.structure:
        structure = Structure.objects.published().filter(slug=params.structure).first()
        if structure is None:
            return Status(
                400,
                FilterErrorOut(
                    detail=f"Structure inconnue : « {params.structure[:40]} ».", parametre="structure"
                ),
            )
        queryset = queryset.filter(Q(source=structure) | Q(target=structure))
    try:
        listed = list_page(request, queryset.order_by("pk"))
    except ListError as error:
        return Status(400, FilterErrorOut(detail=error.message, parametre=error.parameter))
    return Status(200, RelationPage(**listed.meta, items=[relation_item(request, r) for r in listed.items]))


def _published(relation_id: str) -> Relation | None:
    number = id_or_none(relation_id)
    return published_relations().filter(pk=number).first() if number is not None else None


@router.get(
    "/{relation_id}",
    response={200: RelationItem, 404: Error},
    summary="Une relation",
    description=(
        "L'en-tête `ETag` identifie la version de la relation : renvoyez-le dans `If-Match` pour la modifier."
    ),
    openapi_extra={"responses": {200: {"headers": {"ETag": ETAG_HEADER}}}},
)
def relation_detail(
    request: HttpRequest, response: HttpResponse, relation_id: str
) -> Status[RelationItem | Error]:
    """Return one published relation with its version as ETag."""
    relation = _published(relation_id)
    if relation is None:
        return Status(404, Error(detail=f"Relation inconnue : {relation_id[:40]}"))
    response["ETag"] = etag(relation)
    return Status(200, relation_item(request, relation))


@router.patch(
    "/{relation_id}",
    auth=structures_write,
    response={200: RelationItem, **WRITE_RESPONSES},
    summary="Modifier une relation",
    description=(
        "Change les dates, la description ou le document source d'une relation, pour qui peut modifier la "
        "structure qui la déclare (jeton de portée `structures:write`). Qui l'a acceptée ne se change pas "
        "ici. `If-Match` obligatoire (428 sans lui, 412 si la relation a changé depuis votre lecture)."
    ),
    openapi_extra={"parameters": [IF_MATCH_PARAMETER], "responses": ETAG_RESPONSES},
)
def relation_patch(
    request: HttpRequest, response: HttpResponse, relation_id: str, payload: RelationPatch
) -> Status[Any]:
    """Change the fields sent, as the key's owner, if that person may edit the declaring structure."""
    return conditional_patch(
        request,
        response,
        _published(relation_id),
        unknown=f"Relation inconnue : {relation_id[:40]}",
        refusal=lambda relation: unless_editor(
            request.user, relation.source, f"les relations de « {relation.source.name} »"
        ),
        write=lambda relation, version: relation_update(
            relation=relation,
            expected_version=version,
            actor=request.user,
            via="api",
            **_patch_values(payload),
        ),
        errors=field_errors(ERROR_FIELDS),
        answer=lambda relation: relation_item(request, published_relations().get(pk=relation.pk)),
    )


def _patch_values(payload: RelationPatch) -> dict[str, Any]:
    """Return the service's arguments for the fields the body sends (null text: emptied)."""
    given = payload.model_dump(exclude_unset=True)
    fields = {
        PATCH_FIELDS[name]: (
            "" if value is None and name in {"description", "source_libelle", "source_url"} else value
        )
        for name, value in given.items()
    }
    if fields.get("date_precision") is None:
        fields.pop("date_precision", None)
    return fields
