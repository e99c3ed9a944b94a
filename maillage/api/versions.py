"""ETag and If-Match for the API's writes: the version of a record, and the checks of a conditional write."""

from __future__ import annotations

import re
from typing import Any, Protocol

ETAG_HEADER = {
    "description": "La version de la fiche, à renvoyer dans `If-Match` pour la modifier.",
    "schema": {"type": "string"},
}


class Versioned(Protocol):
    """A record with a version column (maillage.concurrency.versions): a structure, an item…"""

    pk: Any
    version: int


IF_MATCH_MISSING = (
    "L'en-tête If-Match est obligatoire : renvoyez l'ETag reçu en lisant la fiche (GET), pour ne pas "
    "écraser une modification faite entre-temps."
)
IF_MATCH_STALE = (
    "La fiche a été modifiée depuis que vous l'avez lue : rien n'a été enregistré. Relisez-la (GET), "
    "puis renvoyez votre modification avec le nouvel ETag (donné dans l'en-tête ETag de cette réponse)."
)
# One entity tag of an If-Match list: optionally weak, quoted, any visible characters but the quote.
_TAG = re.compile(r'\s*(?:W/)?"([\x21\x23-\x7e]*)"\s*(?:,|$)')


def etag(structure: Versioned) -> str:
    """Return a versioned record's entity tag: its id and version, strong (If-Match compares strongly)."""
    return f'"{structure.pk}-{structure.version}"'


def matched_version(header: str, structure: Versioned) -> int | None:
    """Return the version an If-Match header names for the record; None when it names another one.

    `*` stands for whatever version the record has now (RFC 9110): a client that sends it chooses to
    overwrite. A weak tag is read as the strong one, which this API never sends anyway.
    """
    if header.strip() == "*":
        return int(structure.version)
    for tag in _tags(header):
        pk, _, version = tag.partition("-")
        if pk == str(structure.pk) and re.fullmatch(r"[0-9]{1,9}", version):
            return int(version)
    return None


def _tags(header: str) -> list[str]:
    tags: list[str] = []
    position = 0
    while position < len(header):
        match = _TAG.match(header, position)
        if match is None:
            return tags
        tags.append(match.group(1))
        position = match.end()
    return tags
