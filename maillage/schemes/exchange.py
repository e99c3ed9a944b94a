"""The schema's CSV both ways: rows read by header and validated against schema.json, schemes written back."""

from __future__ import annotations

import copy
import csv
import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from frictionless import Resource, Schema

from maillage.schemes import cells
from maillage.schemes.columns import (
    BY_HEADER,
    COLUMNS,
    DATETIME,
    EXTENSIONS,
    INT,
    LIST,
    OBJECTS,
    UUID,
    headers,
    required_headers,
    schema_descriptor,
    variant_of,
)
from maillage.schemes.models import Scheme

# Frictionless' error types, said in French for the row-level report.
ERRORS_FR = {
    "type-error": "valeur illisible pour le type attendu",
    "constraint-error": "valeur hors des règles du schéma",
    "missing-cell": "cellule manquante",
    "extra-cell": "cellule en trop",
    "unique-error": "identifiant en double dans le fichier",
    "primary-key": "identifiant en double dans le fichier",
    "blank-row": "ligne vide",
}


@dataclass
class RowProblem:
    line: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"ligne": self.line, "colonne": self.column, "message": self.message}


@dataclass
class ReadFile:
    """A file read: its variant, its rows (schema headers, any order fixed), problems and unknown columns."""

    variant: str
    rows: list[tuple[int, dict[str, str], dict[str, str]]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    fatal: str = ""


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def validate_csv(text: str, variant: str) -> list[RowProblem]:
    """Validate a CSV in the schema's column order against the official schema.json; French problems."""
    # A copy of the descriptor: frictionless refuses absolute paths, and may change what it is given.
    schema = Schema.from_descriptor(copy.deepcopy(schema_descriptor(variant)))
    resource = Resource(data=text.encode("utf-8"), format="csv", encoding="utf-8", schema=schema)
    report = resource.validate()
    problems = []
    for error in report.flatten(["rowNumber", "fieldName", "type", "note"]):
        line, column, kind, note = error
        reason = ERRORS_FR.get(str(kind), str(kind))
        problems.append(
            RowProblem(int(line or 1), str(column or ""), f"{reason}{f' ({note})' if note else ''}.")
        )
    return problems


def read_csv(data: bytes) -> ReadFile:
    """Read a file of the schema: columns found by header in any order, validated row by row."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        found = [h.strip() for h in next(reader)]
    except StopIteration:
        return ReadFile(variant="", fatal="Fichier vide : la ligne d'en-tête manque.")
    variant = variant_of(found)
    expected = headers(variant)
    missing = [h for h in required_headers(variant) if h not in found]
    if missing:
        return ReadFile(variant=variant, fatal=f"Colonnes obligatoires absentes : {', '.join(missing)}.")
    result = ReadFile(variant=variant, unknown_columns=[h for h in found if h not in BY_HEADER and h])
    records = [(i + 2, dict(zip(found, row, strict=False))) for i, row in enumerate(reader) if any(row)]
    # The file rewritten in the schema's order, so that the official schema validates it as it is.
    ordered = io.StringIO(newline="")
    writer = csv.writer(ordered, lineterminator="\n")
    writer.writerow(expected)
    for _, record in records:
        writer.writerow([record.get(h, "") for h in expected])
    problems = validate_csv(ordered.getvalue(), variant) if records else []
    # Validation numbers rows from the header (line 1), as the file itself does.
    lines = [line for line, _ in records]
    rejected = set()
    for problem in problems:
        position = problem.line - 2
        problem.line = lines[position] if 0 <= position < len(lines) else problem.line
        rejected.add(problem.line)
    result.problems = problems
    for line, record in records:
        if line in rejected:
            continue
        schema_cells = {h: record.get(h, "") for h in expected}
        others = {h: record[h] for h in record if h not in expected}
        result.rows.append((line, schema_cells, others))
    return result


def parse_row(schema_cells: dict[str, str], others: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Return a row's values by field name, and the unknown columns kept aside."""
    values: dict[str, Any] = {}
    for header, cell in [*schema_cells.items(), *others.items()]:
        column = BY_HEADER.get(header)
        if column is None:
            continue
        values[column.field] = _read(column.kind, cell, header)
    if "esus_only" in values:
        values["esus_only"] = str(values["esus_only"]).strip().lower() in {"oui", "true", "1"}
    kept = {h: c for h, c in others.items() if h not in BY_HEADER and h}
    return values, kept


def _read(kind: str, cell: str, header: str) -> Any:
    if kind == LIST:
        return cells.split_list(cell)
    if kind == OBJECTS:
        return cells.read_objects(cell, header)
    if kind == DATETIME:
        return cells.read_datetime(cell, header)
    if kind == INT:
        return cells.read_int(cell, header)
    if kind == UUID:
        return uuid.UUID(cell.strip())
    return cell.strip() if header not in {"description", "eligibilite"} else cell


def scheme_cells(scheme: Scheme, *, extensions: bool = False) -> dict[str, str]:
    """Return a scheme's row by header: the schema's columns, then the extensions if asked."""
    row: dict[str, str] = {}
    for column in (*COLUMNS, *(EXTENSIONS if extensions else ())):
        row[column.header] = _write(scheme, column.field, column.kind)
    return row


def _write(scheme: Scheme, name: str, kind: str) -> str:
    if name == "porteurs":
        return cells.write_objects(
            [{"nom": p.name, "siren": p.siren, "roles": list(p.roles)} for p in scheme.porteurs.all()]
        )
    if name == "disciplines":
        return cells.join_list([d.slug for d in scheme.disciplines.all()])
    if name == "esus_only":
        return "oui" if scheme.esus_only else ""
    value = getattr(scheme, name)
    if kind == LIST:
        return cells.join_list(list(value))
    if kind == OBJECTS:
        return cells.write_objects(list(value))
    if kind == DATETIME:
        return cells.write_datetime(value)
    if kind == INT:
        return cells.write_int(value)
    return str(value)


def write_csv(schemes: Any, variant: str) -> str:
    """Write schemes as a CSV of the variant, in the schema's column order."""
    out = io.StringIO(newline="")
    names = headers(variant)
    writer = csv.DictWriter(out, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for scheme in schemes:
        writer.writerow(scheme_cells(scheme))
    return out.getvalue()
