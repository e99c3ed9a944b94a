"""GET /api/v1/structures: the directory's search, as on the page, with quality filters and cursors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from ninja import NinjaAPI, Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field

from maillage.accounts.ratelimit import client_ip, hit, parse_rate
from maillage.api.cursors import CURSOR_DESCRIPTION, CursorError, cursor_page
from maillage.api.kept import kept_key, kept_lists
from maillage.api.schemas import Error
from maillage.api.structure_schemas import FilterErrorOut, StructureItem, StructureQuery
from maillage.api.structures import _item_fields
from maillage.quality.selectors import scores_by_id, with_minimum_score, with_score
from maillage.structures.exports import EXPORT_LIMIT
from maillage.structures.models import Structure
from maillage.structures.search import (
    MAX_PAGE,
    SORTS,
    FilterError,
    StructureFilters,
    filter_structures,
    order_structures,
    parse_filters,
    search_page,
)

router = Router(tags=["structures"])
STRUCTURE = "structures.structure"
# Sorts only the API offers: the score is a reuser's filter, the page sorts for people.
QUALITY_SORTS = {"score_qualite": "score de qualité (du plus haut)", "-score_qualite": "score (du plus bas)"}
ALL_SORTS = {**SORTS, **QUALITY_SORTS}

# The downloads live with the pages, where a person finds them; programs call the same addresses.
EXPORTS = {
    "csv": "CSV (UTF-8 avec BOM, séparateur virgule, en-tête en français)",
    "geojson": "GeoJSON (points ; `sans_coordonnees` compte les structures laissées de côté)",
    "data-inclusion": "JSON au schéma *structures* v1 de data·inclusion",
}
# 100 000, grouped as French readers expect.
LIMIT_TEXT = f"{EXPORT_LIMIT:,}".replace(",", "\u202f")
SEARCH_DESCRIPTION = (
    "Les mêmes filtres que la page `/structures/`, en paramètres de requête. Un paramètre invalide donne une "
    "réponse 400 `{detail, parametre}` qui dit lequel et pourquoi.\n\n"
    "**Qualité** : `score_qualite_minimum` garde les fiches dont le score de qualité (0 à 100 : identité "
    "vérifiée dans SIRENE, commune, contact, présentation, disciplines, confirmation récente, liens qui "
    "répondent) atteint ce seuil, comme chez data·inclusion ; `tri=score_qualite` les classe.\n\n"
    f"**Exports** : tout le résultat d'une recherche (sans pagination, au plus {LIMIT_TEXT} structures ; "
    "l'en-tête `X-Export-Tronque: oui` signale une coupure) se télécharge avec les mêmes paramètres, hors "
    "`page` et `taille` :\n\n"
    + "\n".join(f"- `/structures/export/{path}/` : {label}" for path, label in EXPORTS.items())
)
SEARCH_RATE_DETAIL = "Trop de recherches depuis votre adresse : réessayez dans une minute."


class StructureListQuery(StructureQuery):
    """The page's filters, plus the API's own: a minimum quality score and a cursor."""

    tri: str = Field(
        "pertinence",
        description="Ordre des résultats. "
        + " ; ".join(f"`{k}` : {v}" for k, v in ALL_SORTS.items())
        + ". Sans recherche, `pertinence` trie par nom.",
        json_schema_extra={"enum": list(ALL_SORTS)},
    )
    score_qualite_minimum: str = Field(
        "",
        description="Score de qualité minimal, de 0 à 100 (nombre entier).",
        json_schema_extra={"type": "integer", "minimum": 0, "maximum": 100},
    )
    curseur: str = Field("", description=CURSOR_DESCRIPTION, json_schema_extra={"maxLength": 1000})


class StructureListItem(StructureItem):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "le-fil",
                "nom": "Le Fil",
                "url": "https://maillage.example/structures/le-fil/",
                "sigle": None,
                "type": "cultural",
                "famille_ess": "association",
                "ess": True,
                "siret": None,
                "commune": {"id": "COM-42218", "nom": "Saint-Étienne"},
                "departement": {"id": "DEP-42", "nom": "Loire"},
                "latitude": 45.43,
                "longitude": 4.39,
                "disciplines": ["musiques-actuelles"],
                "en_activite": True,
                "score_qualite": 85,
            }
        }
    )

    score_qualite: int | None = Field(
        description="Score de qualité de la fiche, de 0 à 100 ; null si pas calculé."
    )


class StructureListPage(Schema):
    total: int = Field(description="Nombre de structures qui répondent aux filtres.")
    page: int
    taille: int
    pages: int
    suivant: str | None = Field(description="Adresse de la page suivante, ou null.")
    precedent: str | None = Field(description="Adresse de la page précédente, ou null.")
    curseur_suivant: str | None = Field(
        description="En pagination par curseur : la valeur de `curseur` de la page suivante, ou null."
    )
    items: list[StructureListItem]


def _page_url(request: HttpRequest, filters: StructureFilters, extra: dict[str, Any], number: int) -> str:
    params = filters.as_params(page=number, taille=filters.page_size) | extra
    return request.build_absolute_uri(f"{request.path}?{urlencode(params, doseq=True)}")


def _minimum(raw: str) -> int | None:
    if raw == "":
        return None
    # ASCII digits only (maillage.search.params): "٣" or "5.5" are refused, not read.
    number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 3 else None
    if number is None or number > 100:
        raise FilterError(
            "score_qualite_minimum", "« score_qualite_minimum » est un nombre entier de 0 à 100, en chiffres."
        )
    return number


def _ordered(
    filters: StructureFilters, sort: str, minimum: int | None, *, correlated: bool = True
) -> QuerySet[Structure]:
    queryset = filter_structures(filters)
    if minimum is not None:
        queryset = with_minimum_score(queryset, STRUCTURE, minimum, correlated=correlated)
    if sort in QUALITY_SORTS:
        key = "-quality_score" if sort == "score_qualite" else "quality_score"
        return with_score(queryset, STRUCTURE).order_by(key, "pk")
    return order_structures(queryset, filters)


@router.get(
    "",
    response={200: StructureListPage, 400: FilterErrorOut, 429: Error},
    summary="Rechercher des structures",
    description=SEARCH_DESCRIPTION,
)
def structure_search(
    request: HttpRequest, params: Query[StructureListQuery], response: HttpResponse
) -> Status[StructureListPage | FilterErrorOut | Error] | HttpResponse:
    """Return one page of structures matching the filters, by page number or after a cursor."""
    rate = getattr(settings, "API_SEARCH_RATE", "120/m")
    if not hit("api-search", client_ip(request), rate):
        response["Retry-After"] = str(parse_rate(rate)[1])
        return Status(429, Error(detail=SEARCH_RATE_DETAIL))
    key = kept_key(request)
    if key is not None and (kept := kept_lists.get(key)) is not None:
        return HttpResponse(kept, content_type=_api().get_content_type())
    result = _search(request)
    if key is None or result.status_code != 200:
        return result
    # Serialised as Ninja would (the schema's fields, none left out), then kept.
    answer = _api().create_response(request, result.value.model_dump(), status=200)
    kept_lists.put(key, answer.content)
    return answer


def _api() -> NinjaAPI:
    from maillage.api.router import api  # noqa: PLC0415 (it mounts this module's router)

    return api


def _search(request: HttpRequest) -> Status[StructureListPage | FilterErrorOut | Error]:
    """Return the page of structures the request's filters ask for, or why they cannot be read."""
    # `params` documents the parameters; the shared parser reads the page's, as for the downloads.
    query: QueryDict = request.GET.copy()
    sort = query.get("tri", "")
    if sort in QUALITY_SORTS:
        query["tri"] = "nom"
    cursor = query.pop("curseur", None)
    try:
        minimum = _minimum(query.pop("score_qualite_minimum", [""])[-1])
        filters = parse_filters(query)
    except FilterError as error:
        return Status(400, FilterErrorOut(detail=error.message, parametre=error.parameter))
    extra = {k: v for k, v in {"score_qualite_minimum": minimum, "tri": sort}.items() if v not in (None, "")}
    next_cursor = None
    if cursor is None and minimum is None and sort not in QUALITY_SORTS:
        page = search_page(filters)
        total, number, items = page.total, page.number, page.items
    else:
        ordered = _ordered(filters, sort, minimum).select_related("commune__departement")
        total = _ordered(filters, sort, minimum, correlated=False).order_by().count()
        number = 1 if cursor is not None else filters.page
        size = filters.page_size
        try:
            if cursor is not None:
                chunk = cursor_page(ordered.prefetch_related("disciplines"), cursor[-1], size)
                items, next_cursor = chunk.items, chunk.next_cursor
            else:
                start = (number - 1) * size
                # Beyond MAX_PAGE, an empty page, as the page's search answers: never a deep OFFSET scan.
                deep = number > MAX_PAGE
                items = [] if deep else list(ordered.prefetch_related("disciplines")[start : start + size])
        except CursorError as error:
            return Status(400, FilterErrorOut(detail=error.message, parametre="curseur"))
    pages = max(1, -(-total // filters.page_size))
    scores = scores_by_id(STRUCTURE, [s.pk for s in items])
    paged = cursor is None
    return Status(
        200,
        StructureListPage(
            total=total,
            page=number,
            taille=filters.page_size,
            pages=pages,
            suivant=_page_url(request, filters, extra, number + 1) if paged and number < pages else None,
            precedent=(
                _page_url(request, filters, extra, min(number - 1, pages)) if paged and number > 1 else None
            ),
            curseur_suivant=next_cursor,
            items=[
                StructureListItem(**_item_fields(request, s), score_qualite=scores.get(s.pk)) for s in items
            ],
        ),
    )
