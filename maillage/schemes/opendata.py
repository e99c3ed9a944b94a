"""The catalogue as an open data file: visible schemes in Etalab's dispositif-aide schema, validated by it."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from maillage.opendata.registry import Dataset
from maillage.schemes.columns import schema_descriptor
from maillage.schemes.enums import Variant
from maillage.schemes.exchange import validate_csv, write_csv
from maillage.schemes.models import Scheme


def write(stream: TextIO) -> int:
    """Write every visible scheme in the base variant's columns (the professionnels ones add criteria)."""
    schemes = list(Scheme.objects.visible().prefetch_related("disciplines", "porteurs").order_by("pk"))
    stream.write(write_csv(schemes, Variant.BASE))
    return len(schemes)


def validate(path: Path) -> list[str]:
    problems = validate_csv(path.read_text(encoding="utf-8"), Variant.BASE)
    return [f"ligne {p.line}, colonne {p.column} : {p.message}" for p in problems]


def schemes_dataset() -> Dataset:
    descriptor = schema_descriptor(Variant.BASE)
    return Dataset(
        name="dispositifs",
        title="Dispositifs d'aide et d'accompagnement",
        description="Les dispositifs publiés du catalogue, au schéma national dispositif-aide.",
        format="csv",
        schema=f"dispositif-aide (Etalab) {descriptor['version']}",
        schema_url=str(descriptor["path"]),
        writer=write,
        validator=validate,
        table_schema=descriptor,
    )
