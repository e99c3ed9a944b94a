"""CSV datasets described by a Table Schema: the writer streams rows, frictionless validates the file."""

from __future__ import annotations

import copy
import csv
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from frictionless import Resource, Schema, system

from maillage.opendata.registry import Dataset, load_table_schema

# Beyond this many problems a file is rejected anyway: the report keeps the first ones.
MAX_PROBLEMS = 100
# Frictionless' error types, said in French in the report sent to staff.
ERRORS_FR = {
    "type-error": "valeur illisible pour le type attendu",
    "constraint-error": "valeur hors des règles du schéma",
    "missing-cell": "cellule manquante",
    "extra-cell": "cellule en trop",
    "unique-error": "valeur en double",
    "primary-key": "identifiant en double",
    "blank-row": "ligne vide",
    "incorrect-label": "en-tête inattendu",
    "missing-label": "en-tête manquant",
    "extra-label": "en-tête en trop",
}


def header(table_schema: dict[str, Any]) -> list[str]:
    """Return the column names of a Table Schema, in its order."""
    return [column["name"] for column in table_schema["fields"]]


def frictionless_problems(path: Path, table_schema: dict[str, Any]) -> list[str]:
    """Validate a CSV file against a Table Schema; return its problems in French (empty: valid)."""
    # A copy: frictionless may change the descriptor it is given.
    schema = Schema.from_descriptor(copy.deepcopy(table_schema))
    # The file is our own, written a moment ago under OPENDATA_ROOT: frictionless refuses absolute paths
    # unless told the context is trusted.
    with system.use_context(trusted=True):
        resource = Resource(path=str(path), format="csv", encoding="utf-8", schema=schema)
        report = resource.validate(limit_errors=MAX_PROBLEMS)
    problems = []
    for line, column, kind, note in report.flatten(["rowNumber", "fieldName", "type", "note"]):
        reason = ERRORS_FR.get(str(kind), str(kind))
        where = f"ligne {line}" if line else "fichier"
        problems.append(f"{where}{f', colonne {column}' if column else ''} : {reason} ({note}).")
    return problems


def write_rows(stream: TextIO, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a header then the rows as RFC 4180 CSV; return the number of rows."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def csv_dataset(
    *,
    name: str,
    title: str,
    description: str,
    schema_path: Path,
    rows: Callable[[], Iterable[Sequence[Any]]],
    schema: str = "",
    schema_url: str = "",
) -> Dataset:
    """Build a CSV dataset from a Table Schema file of the repository and a function yielding its rows."""
    table_schema = load_table_schema(schema_path)
    columns = header(table_schema)

    def write(stream: TextIO) -> int:
        return write_rows(stream, columns, rows())

    def validate(path: Path) -> list[str]:
        return frictionless_problems(path, table_schema)

    return Dataset(
        name=name,
        title=title,
        description=description,
        format="csv",
        schema=schema or table_schema.get("title", f"Table Schema {name}"),
        schema_url=schema_url or table_schema.get("path", ""),
        writer=write,
        validator=validate,
        table_schema=table_schema,
        owner=rows.__module__,
    )
