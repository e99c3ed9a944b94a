"""Read and write the cells of Etalab's schema: pipe lists, the porteurs' object notation, ISO dates.

The schema's examples write lists of objects in a JavaScript-like notation (`[{ nom: 'ADEME', roles:
[ 'instructeur' ]}]`) rather than JSON; both are read, and the examples' notation is written back.
"""

from __future__ import annotations

import ast
import datetime
import re
from typing import Any

from django.utils import timezone

# `{ nom: …` or `, roles: …`: a bare key, quoted so that Python's literal reader takes the notation.
_BARE_KEY = re.compile(r"([{,]\s*)([A-Za-z_]\w*)\s*:")


class CellError(ValueError):
    """A cell that cannot be read, with a French reason."""


def split_list(cell: str) -> list[str]:
    """Return the values of a pipe-separated cell, blanks left out."""
    return [part.strip() for part in cell.split("|") if part.strip()]


def join_list(values: list[str]) -> str:
    return "|".join(values)


def read_objects(cell: str, column: str) -> list[dict[str, Any]]:
    """Return the objects of a list cell written in JSON or in the schema's examples' notation."""
    text = cell.strip()
    if not text:
        return []
    quoted = _BARE_KEY.sub(lambda m: f"{m.group(1)}'{m.group(2)}':", text)
    try:
        value = ast.literal_eval(quoted.replace("true", "True").replace("false", "False"))
    except (ValueError, SyntaxError, MemoryError, RecursionError) as error:
        raise CellError(f"« {column} » illisible : une liste d'objets est attendue ({error}).") from None
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise CellError(f"« {column} » : une liste d'objets est attendue.")
    return value


def _literal(value: Any) -> str:
    if isinstance(value, list):
        return "[ " + ", ".join(_literal(v) for v in value) + " ]"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


# The keys in the order the schema documents them ("{ nom, siren, rôles[] }", "'libelle' et 'lien'"):
# PostgreSQL's jsonb does not keep the order the keys were read in, so it is restored on writing.
_DOCUMENTED_KEY_ORDER = {"nom": 0, "siren": 1, "roles": 2, "libelle": 3, "lien": 4}


def _documented_order(item: dict[str, Any]) -> list[tuple[str, Any]]:
    return sorted(
        item.items(), key=lambda pair: _DOCUMENTED_KEY_ORDER.get(pair[0], len(_DOCUMENTED_KEY_ORDER))
    )


def write_objects(objects: list[dict[str, Any]]) -> str:
    """Write a list of objects in the notation of the schema's own examples."""
    written = []
    for item in objects:
        ordered = _documented_order(item)
        pairs = ", ".join(f"{key}: {_literal(value)}" for key, value in ordered)
        ends_with_list = bool(ordered) and isinstance(ordered[-1][1], list)
        written.append("{ " + pairs + ("}" if ends_with_list else " }"))
    return "[" + ", ".join(written) + "]" if written else ""


def read_datetime(cell: str, column: str) -> datetime.datetime | None:
    """Return an aware datetime from an ISO 8601 cell (a date alone means its midnight, UTC)."""
    text = cell.strip()
    if not text:
        return None
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise CellError(f"« {column} » : date ISO 8601 attendue, « {text} » reçu.") from None
    if timezone.is_naive(value):
        value = value.replace(tzinfo=datetime.UTC)
    return value


def write_datetime(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_int(cell: str, column: str) -> int | None:
    text = cell.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise CellError(f"« {column} » : nombre entier attendu, « {text} » reçu.")
    return int(text)


def write_int(value: int | None) -> str:
    return "" if value is None else str(value)
