"""The catalogue as an open data file: visible schemes in Etalab's dispositif-aide schema, validated by it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TextIO

from maillage.opendata.registry import Dataset
from maillage.schemes.columns import schema_descriptor
from maillage.schemes.enums import Variant
from maillage.schemes.exchange import validate_csv, write_csv
from maillage.schemes.models import Scheme

# The schema (0.2.0) writes codes as `^[A-Z]+-\d+`: Corsica's (DEP-2A, COM-2B033…) cannot be written in
# it. A scheme naming one is left out of this file, which says so, rather than have the schema refuse the
# whole file every day; it stays in the catalogue, its pages, the API and the site's exports.
SCHEMA_CODE = re.compile(r"^[A-Z]+-\d+$")
UNWRITABLE_NOTE = (
    " Les dispositifs dont l'aire ou les exclusions nomment un code corse (2A, 2B) sont omis : le schéma "
    "0.2.0 n'admet que des chiffres dans les codes. Ils restent dans le catalogue et l'API."
)


def writable(scheme: Scheme) -> bool:
    """Tell whether every code of the scheme's area and exclusions fits the schema's pattern."""
    return all(SCHEMA_CODE.match(code) for code in (*scheme.geo_codes, *scheme.geo_exclusions))


def write(stream: TextIO) -> int:
    """Write every visible scheme in the base variant's columns (the professionnels ones add criteria)."""
    schemes = Scheme.objects.visible().prefetch_related("disciplines", "porteurs").order_by("pk")
    kept = [scheme for scheme in schemes if writable(scheme)]
    stream.write(write_csv(kept, Variant.BASE))
    return len(kept)


def validate(path: Path) -> list[str]:
    problems = validate_csv(path.read_text(encoding="utf-8"), Variant.BASE)
    return [f"ligne {p.line}, colonne {p.column} : {p.message}" for p in problems]


def schemes_dataset() -> Dataset:
    descriptor = schema_descriptor(Variant.BASE)
    return Dataset(
        name="dispositifs",
        title="Dispositifs d'aide et d'accompagnement",
        description="Les dispositifs publiés du catalogue, au schéma national dispositif-aide."
        + UNWRITABLE_NOTE,
        format="csv",
        schema=f"dispositif-aide (Etalab) {descriptor['version']}",
        schema_url=str(descriptor["path"]),
        writer=write,
        validator=validate,
        table_schema=descriptor,
    )
