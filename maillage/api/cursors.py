"""Cursor pagination of the API's lists: an opaque cursor on (ordering key, id), stable under writes.

A page number counts rows from the start: a record inserted before the reader's place shifts every later
page by one, and a record is then read twice or never. A cursor instead names the last record read by its
ordering values (`search_name`, then `pk`…); the next page is what sorts strictly after them, whatever was
inserted or removed meanwhile. The cursor is base64url JSON of the ordering fields and values: opaque to
clients, checked on its way back (a cursor of another ordering, or forged, is a 400, never a 500).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet

MAX_CURSOR_LENGTH = 1_000
CURSOR_DESCRIPTION = (
    "Pagination par curseur, stable quand des fiches sont ajoutées entre deux pages : envoyez `curseur=` "
    "(vide) pour la première page, puis la valeur de `curseur_suivant` reçue, jusqu'à ce qu'il soit null. "
    "Sans ce paramètre, la pagination se fait par numéro de `page`."
)


class CursorError(ValueError):
    """A cursor that this list did not hand out: the message says what to do, in French."""

    message = (
        "Curseur invalide : renvoyez tel quel le `curseur_suivant` d'une réponse de cette même liste, "
        "avec le même tri, ou un curseur vide pour la première page."
    )


@dataclass(frozen=True)
class CursorPage[M: Model]:
    items: list[M]
    next_cursor: str | None


def _ordering(queryset: QuerySet[Any]) -> list[str]:
    ordering = [str(o) for o in queryset.query.order_by]
    if not ordering or ordering[-1].lstrip("-") not in {"pk", "id"}:
        raise ValueError("a cursor needs an ordering that ends with the primary key")
    return ordering


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Model):
        return value.pk
    return value


def encode_cursor(ordering: Sequence[str], values: Sequence[Any]) -> str:
    """Return the cursor that names a position in a list ordered by `ordering`."""
    raw = json.dumps({"o": list(ordering), "v": [_plain(v) for v in values]}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, ordering: Sequence[str]) -> list[Any]:
    """Return the ordering values a cursor names; raise CursorError when it was not handed out for it."""
    if len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
        raise CursorError(cursor)
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError) as error:
        raise CursorError(cursor) from error
    if not isinstance(data, dict) or data.get("o") != list(ordering):
        raise CursorError(cursor)
    values = data.get("v")
    if not isinstance(values, list) or len(values) != len(ordering):
        raise CursorError(cursor)
    if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values):
        raise CursorError(cursor)
    if not isinstance(values[-1], int):
        raise CursorError(cursor)
    return values


def _after(ordering: Sequence[str], values: Sequence[Any]) -> Q:
    """Return the condition "sorts strictly after `values`" for a lexicographic ordering."""
    condition = Q()
    for index in reversed(range(len(ordering))):
        name = ordering[index].lstrip("-")
        name = "pk" if name == "id" else name
        beyond = Q(**{f"{name}__{'lt' if ordering[index].startswith('-') else 'gt'}": values[index]})
        condition = (
            beyond if index == len(ordering) - 1 else beyond | (Q(**{name: values[index]}) & condition)
        )
    return condition


def cursor_page[M: Model](queryset: QuerySet[M], cursor: str, size: int) -> CursorPage[M]:
    """Return the `size` records after `cursor` ("" for the start) and the cursor of the next page."""
    ordering = _ordering(queryset)
    if cursor:
        values = decode_cursor(cursor, ordering)
        try:
            queryset = queryset.filter(_after(ordering, values))
        except (ValueError, TypeError, ValidationError) as error:  # a value of the wrong type for its column
            raise CursorError(cursor) from error
    try:
        rows = list(queryset[: size + 1])
    except (ValueError, TypeError, ValidationError) as error:
        raise CursorError(cursor) from error
    items = rows[:size]
    if len(rows) <= size:
        return CursorPage(items, None)
    last = items[-1]
    names = [o.lstrip("-") for o in ordering]
    return CursorPage(items, encode_cursor(ordering, [getattr(last, n) for n in names]))
