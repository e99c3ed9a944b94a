"""GET /api/v1/chiffres-cles (the structures' key figures, as their sources state them) and their PATCH."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
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
from maillage.api.directory_schemas import FigureItem, FigurePage, FigurePatch
from maillage.api.lists import ListError, ListQuery, list_page
from maillage.api.schemas import Error
from maillage.api.structure_schemas import FilterErrorOut, SourceOut
from maillage.api.structures import _number, _ref
from maillage.api.versions import ETAG_HEADER, etag
from maillage.search.params import ParameterError, id_or_none, parse_int
from maillage.structures.enums import Metric
from maillage.structures.models import KeyFigure, Structure
from maillage.structures.relation_services import key_figure_set

router = Router(tags=["chiffres clés"])
ERROR_FIELDS = {
    "value": "valeur",
    "is_approximate": "approchee",
    "qualifier": "qualificatif",
    "note": "note",
    "source_url": "source_url",
    "source_date": "source_date",
    "__all__": "chiffre",
}


class FigureQuery(ListQuery):
    structure: str = Field("", description="Identifiant (slug) d'une structure : ses chiffres.")
    indicateur: str = Field("", json_schema_extra={"enum": list(Metric.values)})
    annee: str = Field(
        "",
        description="Année (4 chiffres).",
        json_schema_extra={"type": "integer", "minimum": 1800, "maximum": 2200},
    )


def published_figures() -> QuerySet[KeyFigure]:
    """Return the figures of published structures, with their structure joined."""
    return KeyFigure.objects.filter(structure__withdrawn_at__isnull=True).select_related("structure")


def figure_item(request: HttpRequest, figure: KeyFigure) -> FigureItem:
    return FigureItem(
        id=figure.pk,
        structure=_ref(request, figure.structure),
        annee=figure.year,
        indicateur=figure.metric,
        valeur=_number(figure.value),
        approchee=figure.is_approximate,
        qualificatif=figure.qualifier or None,
        note=figure.note or None,
        source=SourceOut(
            libelle=figure.source_label or None, url=figure.source_url or None, date=figure.source_date
        ),
    )


def _bad(parameter: str, detail: str) -> Status[FigurePage | FilterErrorOut]:
    return Status(400, FilterErrorOut(detail=detail, parametre=parameter))


@router.get(
    "",
    response={200: FigurePage, 400: FilterErrorOut},
    summary="Lister les chiffres clés",
    description=(
        "Budgets, effectifs, bénévoles, adhérents… des structures publiées, tels que leurs sources les "
        "donnent (une ligne par structure, année, indicateur et source). Pagination par `page` ou `curseur`."
    ),
)
def figure_list(request: HttpRequest, params: Query[FigureQuery]) -> Status[FigurePage | FilterErrorOut]:
    """Return one page of key figures, filtered by structure, indicator or year."""
    queryset = published_figures()
    if params.structure:
        structure = Structure.objects.published().filter(slug=params.structure).first()
        if structure is None:
            return _bad("structure", f"Structure inconnue : « {params.structure[:40]} ».")
        queryset = queryset.filter(structure=structure)
    if params.indicateur:
        if params.indicateur not in Metric.values:
            return _bad("indicateur", f"Indicateur inconnu : « {params.indicateur[:40]} ».")
        queryset = queryset.filter(metric=params.indicateur)
    if params.annee:
        try:
            queryset = queryset.filter(
                year=parse_int(params.annee, field="annee", minimum=1800, maximum=2200)
            )
        except ParameterError as error:
            return _bad("annee", error.message)
    try:
        listed = list_page(request, queryset.order_by("pk"))
    except ListError as error:
        return _bad(error.parameter, error.message)
    return Status(200, FigurePage(**listed.meta, items=[figure_item(request, f) for f in listed.items]))


def _published(figure_id: str) -> KeyFigure | None:
    number = id_or_none(figure_id)
    return published_figures().filter(pk=number).first() if number is not None else None


@router.get(
    "/{figure_id}",
    response={200: FigureItem, 404: Error},
    summary="Un chiffre clé",
    description="L'en-tête `ETag` identifie sa version : renvoyez-le dans `If-Match` pour le modifier.",
    openapi_extra={"responses": {200: {"headers": {"ETag": ETAG_HEADER}}}},
)
def figure_detail(request: HttpRequest, response: HttpResponse, figure_id: str) -> Status[FigureItem | Error]:
    """Return one key figure with its version as ETag."""
    figure = _published(figure_id)
    if figure is None:
        return Status(404, Error(detail=f"Chiffre clé inconnu : {figure_id[:40]}"))
    response["ETag"] = etag(figure)
    return Status(200, figure_item(request, figure))


@router.patch(
    "/{figure_id}",
    auth=structures_write,
    response={200: FigureItem, **WRITE_RESPONSES},
    summary="Modifier un chiffre clé",
    description=(
        "Change la valeur d'un chiffre et ce que sa source en dit, pour qui peut modifier la structure "
        "(jeton de portée `structures:write`) ; l'année, l'indicateur et la source restent. `If-Match` "
        "obligatoire (428 sans lui, 412 si le chiffre a changé depuis votre lecture)."
    ),
    openapi_extra={"parameters": [IF_MATCH_PARAMETER], "responses": ETAG_RESPONSES},
)
def figure_patch(
    request: HttpRequest, response: HttpResponse, figure_id: str, payload: FigurePatch
) -> Status[Any]:
    """Change the figure's value and notes, as the key's owner, if that person may edit its structure."""
    return conditional_patch(
        request,
        response,
        _published(figure_id),
        unknown=f"Chiffre clé inconnu : {figure_id[:40]}",
        refusal=lambda figure: unless_editor(
            request.user, figure.structure, f"les chiffres de « {figure.structure.name} »"
        ),
        write=lambda figure, version: key_figure_set(
            structure=figure.structure,
            year=figure.year,
            metric=figure.metric,
            source_label=figure.source_label,
            expected_version=version,
            actor=request.user,
            via="api",
            **_patch_values(figure, payload),
        ),
        errors=field_errors(ERROR_FIELDS),
        answer=lambda figure: figure_item(request, published_figures().get(pk=figure.pk)),
    )


def _patch_values(figure: KeyFigure, payload: FigurePatch) -> dict[str, Any]:
    """Return the figure's fields with those the body sends (null: emptied)."""
    given = payload.model_dump(exclude_unset=True)
    return {
        "value": Decimal(str(given["valeur"])) if given.get("valeur") is not None else figure.value,
        "is_approximate": given.get("approchee", figure.is_approximate) or False,
        "qualifier": given.get("qualificatif", figure.qualifier) or "",
        "note": given.get("note", figure.note) or "",
        "source_url": given.get("source_url", figure.source_url) or "",
        "source_date": given.get("source_date", figure.source_date),
    }
