"""Export structures to data·inclusion's *structures* schema (v1), the national inclusion exchange format.

Only what the directory knows is mapped; a field it does not hold is null, never guessed:

| data·inclusion        | maillage                                                              |
|-----------------------|-----------------------------------------------------------------------|
| source                | "maillage", the producer of this file                                 |
| id                    | "maillage--" + slug, the producer prefix then the stable public id    |
| nom                   | name (beyond 150 characters, cut at 149 and ended with "…")           |
| date_maj              | date of the record's last change in maillage (UTC)                    |
| description           | description (null under 5 characters; beyond 10,000, cut with "…")    |
| lien_source           | absolute address of the structure's page                              |
| siret                 | siret                                                                 |
| commune, code_insee   | the commune's name and INSEE code, from the referential               |
| code_postal, adresse  | postal_code, street                                                   |
| latitude, longitude   | latitude, longitude                                                   |
| telephone, courriel   | the structure's generic phone and e-mail (never a person's)           |
| site_web              | website                                                               |
| complement_adresse    | null: the street is one field                                         |
| horaires_accueil      | null: opening hours are not recorded                                  |
| accessibilite_lieu    | null: no Acceslibre link is recorded                                  |
| reseaux_porteurs      | null: the cultural networks (UFISC, COFAC…) are not in its vocabulary |

Structures whose name is under 3 characters, the schema's minimum, are left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Length

from maillage.structures.exports import EXPORT_LIMIT, ROWS_PER_WRITE, export_rows, structure_path
from maillage.structures.models import Structure

PRODUCER = "maillage"
NAME_LENGTH = (3, 150)
DESCRIPTION_LENGTH = (5, 10_000)
# The fields of the schema's Structure model, in its order; a test checks them against the package.
FIELDS = (
    "source",
    "id",
    "nom",
    "date_maj",
    "description",
    "lien_source",
    "siret",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "site_web",
    "horaires_accueil",
    "accessibilite_lieu",
    "reseaux_porteurs",
)


def _shortened(text: str, maximum: int) -> str:
    return text if len(text) <= maximum else text[: maximum - 1].rstrip() + "…"


def data_inclusion_record(structure: Structure, *, site_url: str) -> dict[str, Any]:
    """Return one structure as a record of data·inclusion's structures schema (v1)."""
    commune = structure.commune
    description = structure.description.strip()
    record: dict[str, Any] = dict.fromkeys(FIELDS)
    record.update(
        source=PRODUCER,
        id=f"{PRODUCER}--{structure.slug}",
        nom=_shortened(structure.name, NAME_LENGTH[1]),
        date_maj=structure.updated_at.date().isoformat(),
        description=(
            _shortened(description, DESCRIPTION_LENGTH[1])
            if len(description) >= DESCRIPTION_LENGTH[0]
            else None
        ),
        lien_source=f"{site_url}{structure_path(structure.slug)}",
        siret=structure.siret or None,
        commune=commune.name if commune else None,
        code_postal=structure.postal_code or None,
        code_insee=commune.code if commune else None,
        adresse=structure.street or None,
        longitude=structure.longitude,
        latitude=structure.latitude,
        telephone=structure.phone or None,
        courriel=structure.email or None,
        site_web=structure.website or None,
    )
    return record


def data_inclusion_chunks(
    structures: QuerySet[Structure], *, site_url: str, limit: int = EXPORT_LIMIT
) -> Iterator[str]:
    """Yield a JSON array of data·inclusion structure records."""
    named = structures.annotate(name_length=Length("name")).filter(name_length__gte=NAME_LENGTH[0])
    yield "["
    separator = ""
    batch: list[str] = []
    for structure in export_rows(named, limit=limit, disciplines=False):
        record = json.dumps(data_inclusion_record(structure, site_url=site_url), ensure_ascii=False)
        batch.append(f"{separator}\n{record}")
        separator = ","
        if len(batch) == ROWS_PER_WRITE:
            yield "".join(batch)
            batch = []
    yield "".join(batch)
    yield "\n]\n"
