"""The directory in data·inclusion's structures schema (v1): the site's export's records, validated by the
schema's own package (`data-inclusion-schema`, pydantic models) record by record.

The file is a JSON array with one record per line (as `maillage.structures.data_inclusion` streams it), so
validation reads it line by line in constant memory and still checks that the whole is one JSON array.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from data_inclusion.schema.v1 import Structure as DataInclusionStructure
from pydantic import ValidationError

from maillage.opendata.directory_rows import public_structures
from maillage.opendata.registry import Dataset
from maillage.opendata.structure_rows import data_inclusion_lines
from maillage.opendata.tables import MAX_PROBLEMS

SCHEMA = "data·inclusion structures v1"
SCHEMA_URL = "https://gip-inclusion.github.io/data-inclusion-schema/latest/"


def write(stream: TextIO) -> int:
    """Write every public structure of at least three letters as a data·inclusion record."""
    lines = 0
    for chunk in data_inclusion_lines(public_structures()):
        stream.write(chunk)
        lines += chunk.count("\n{")
    return lines


def _explain(line: int, error: ValidationError) -> list[str]:
    return [
        f"enregistrement ligne {line}, champ {'.'.join(str(p) for p in problem['loc']) or '?'} : "
        f"{problem['msg']}."
        for problem in error.errors(include_url=False)
    ]


def validate(path: Path) -> list[str]:
    """Check the file is one JSON array of valid data·inclusion structure records, one per line."""
    problems: list[str] = []
    with path.open(encoding="utf-8") as stream:
        first = stream.readline().rstrip("\n")
        if first != "[":
            return ["ligne 1 : le fichier ne commence pas par un tableau JSON."]
        previous: tuple[int, str] | None = None
        number = 1
        for raw in stream:
            number += 1
            line = raw.rstrip("\n")
            if previous is not None:
                problems += _record(*previous, last=line == "]")
            previous = (number, line)
            if len(problems) >= MAX_PROBLEMS:
                return problems[:MAX_PROBLEMS]
        if previous is None or previous[1] != "]":
            problems.append("fin du fichier : le tableau JSON n'est pas refermé.")
    return problems[:MAX_PROBLEMS]


def _record(number: int, line: str, *, last: bool) -> list[str]:
    if not last and not line.endswith(","):
        return [f"ligne {number} : virgule manquante entre deux enregistrements."]
    body = line if last else line[:-1]
    try:
        DataInclusionStructure.model_validate_json(body)
    except ValidationError as error:
        return _explain(number, error)
    return []


DATASET = Dataset(
    name="structures-data-inclusion",
    title="Structures au schéma data·inclusion",
    description=(
        "Les fiches publiques de l'annuaire au schéma national « structures » de data·inclusion (v1), "
        "validées avec le paquet du schéma."
    ),
    format="json",
    schema=SCHEMA,
    schema_url=SCHEMA_URL,
    writer=write,
    validator=validate,
)
