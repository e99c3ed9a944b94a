"""Pagination of the API's lists: by page number, or by cursor (maillage.api.cursors), side by side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Schema
from pydantic import Field

from maillage.api.cursors import CURSOR_DESCRIPTION, CursorError, cursor_page
from maillage.search.params import ParameterError, parse_positive_int

DEFAULT_SIZE = 20
MAX_SIZE = 100
# Beyond this, a page number is a mistake or a crawler: cursors read deep lists without an OFFSET scan.
MAX_PAGE = 10_000


class ListQuery(Schema):
    """Page number and size, or a cursor: every list of the API takes them."""

    page: str = Field(
        "1",
        description="Numéro de page, à partir de 1 ; au-delà de la dernière, la page est vide.",
        json_schema_extra={"type": "integer", "minimum": 1, "default": 1},
    )
    taille: str = Field(
        str(DEFAULT_SIZE),
        description=f"Nombre d'éléments par page, au plus {MAX_SIZE}.",
        json_schema_extra={"type": "integer", "minimum": 1, "maximum": MAX_SIZE, "default": DEFAULT_SIZE},
    )
    curseur: str = Field("", description=CURSOR_DESCRIPTION, json_schema_extra={"maxLength": 1000})


class PageOut(Schema):
    """What every list answers beside its items."""

    total: int = Field(description="Nombre d'éléments de la liste.")
    page: int
    taille: int
    pages: int
    suivant: str | None = Field(description="Adresse de la page suivante (pagination par numéro), ou null.")
    precedent: str | None = Field(description="Adresse de la page précédente, ou null.")
    curseur_suivant: str | None = Field(
        description="En pagination par curseur : la valeur de `curseur` de la page suivante, ou null."
    )


class ListError(ValueError):
    """A list parameter that cannot be read: its name and a French reason."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass
class Listed[M: Model]:
    items: list[M]
    meta: dict[str, Any]


def _url(request: HttpRequest, **changes: Any) -> str:
    params = request.GET.copy()
    for name, value in changes.items():
        params[name] = str(value)
    params.pop("curseur", None)
    return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(params.lists()), doseq=True)}")


def list_page[M: Model](request: HttpRequest, queryset: QuerySet[M]) -> Listed[M]:
    """Return one page of an ordered queryset (its ordering ends with the primary key), as asked."""
    try:
        size = parse_positive_int(
            request.GET.get("taille", str(DEFAULT_SIZE)), field="taille", maximum=MAX_SIZE, clamp=True
        )
        number = parse_positive_int(
            request.GET.get("page", "1"), field="page", maximum=MAX_PAGE + 1, clamp=True
        )
    except ParameterError as error:
        raise ListError(error.parameter, error.message) from error
    total = queryset.count()
    pages = max(1, -(-total // size))
    meta: dict[str, Any] = {"total": total, "taille": size, "pages": pages, "curseur_suivant": None}
    cursor = request.GET.get("curseur")
    if cursor is not None:
        try:
            chunk = cursor_page(queryset, cursor, size)
        except CursorError as error:
            raise ListError("curseur", error.message) from error
        meta |= {"page": 1, "suivant": None, "precedent": None, "curseur_suivant": chunk.next_cursor}
        return Listed(chunk.items, meta)
    start = (number - 1) * size
    items = list(queryset[start : start + size]) if number <= MAX_PAGE else []
    meta |= {
        "page": number,
        "suivant": _url(request, page=number + 1) if number < pages else None,
        "precedent": _url(request, page=min(number - 1, pages)) if number > 1 else None,
    }
    return Listed(items, meta)
