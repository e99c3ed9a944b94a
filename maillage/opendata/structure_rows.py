"""Every public structure as plain rows, read by key ranges with `values_list`: the daily files' fast path.

The site's exports build a model instance per structure (with its commune, département and disciplines),
which costs about 25 times more than reading plain tuples: at 200,000 structures, minutes instead of
seconds. These readers give the very same cells (the CSV of `maillage.structures.exports.csv_row`, the
records of `maillage.structures.data_inclusion.data_inclusion_record`, which is called as is on a light
stand-in), one chunk of CHUNK structures at a time with the disciplines of the chunk in one query; a test
checks both against the site's functions.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Length

from maillage.opendata.publication import site_root
from maillage.structures.data_inclusion import NAME_LENGTH, data_inclusion_record
from maillage.structures.enums import DataSource, EssFamily, StructureKind
from maillage.structures.exports import (
    PRECISION_ADDRESS,
    PRECISION_COMMUNE,
    YES_NO,
    spreadsheet_safe,
    structure_path,
)
from maillage.structures.models import Structure

CHUNK = 5000
KINDS = dict(StructureKind.choices)
ESS_FAMILIES = dict(EssFamily.choices)
SOURCES = dict(DataSource.choices)
CSV_FIELDS = (
    "pk",
    "slug",
    "name",
    "acronym",
    "siret",
    "kind",
    "ess_family",
    "is_ess",
    "commune__name",
    "commune__code",
    "commune__departement__name",
    "postal_code",
    "street",
    "website",
    "email",
    "latitude",
    "longitude",
    "commune__latitude",
    "commune__longitude",
    "is_active",
    "source_label",
    "source",
    "source_date",
)
DATA_INCLUSION_FIELDS = (
    "pk",
    "slug",
    "name",
    "updated_at",
    "description",
    "siret",
    "commune__name",
    "commune__code",
    "postal_code",
    "street",
    "longitude",
    "latitude",
    "phone",
    "email",
    "website",
)


def _chunks(structures: QuerySet[Structure], fields: tuple[str, ...]) -> Iterator[list[dict[str, Any]]]:
    """Yield the structures by chunks of CHUNK, in key order, each row a dict of `fields`."""
    last = 0
    while True:
        rows = list(structures.filter(pk__gt=last).order_by("pk").values(*fields)[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1]["pk"]


def _disciplines(ids: list[int]) -> dict[int, list[str]]:
    """Return the names of each structure's disciplines, in the order the site shows them."""
    through = Structure.disciplines.through.objects.filter(structure_id__in=ids)
    names: dict[int, list[str]] = defaultdict(list)
    ordered = through.order_by("structure_id", "discipline__position", "discipline__name")
    for structure_id, name in ordered.values_list("structure_id", "discipline__name"):
        names[structure_id].append(name)
    return names


def _coordinate(value: float | None) -> str:
    return "" if value is None else repr(value)


def _csv_cells(row: dict[str, Any], disciplines: list[str], site: str) -> list[str]:
    text = [
        row["name"],
        row["acronym"],
        row["siret"],
        str(KINDS.get(row["kind"], row["kind"])),
        str(ESS_FAMILIES.get(row["ess_family"], row["ess_family"])),
        YES_NO[row["is_ess"]],
        row["commune__name"] or "",
        row["commune__code"] or "",
        row["commune__departement__name"] or "",
        row["postal_code"],
        row["street"],
        row["website"],
        row["email"],
    ]
    if row["latitude"] is not None and row["longitude"] is not None:
        point = (row["longitude"], row["latitude"], PRECISION_ADDRESS)
    elif row["commune__latitude"] is not None and row["commune__longitude"] is not None:
        point = (row["commune__longitude"], row["commune__latitude"], PRECISION_COMMUNE)
    else:
        point = (None, None, "")
    tail = [
        " | ".join(disciplines),
        YES_NO[row["is_active"]],
        f"{site}{structure_path(row['slug'])}",
        row["source_label"] or str(SOURCES.get(row["source"], row["source"])),
        row["source_date"].isoformat() if row["source_date"] else "",
    ]
    cells = [spreadsheet_safe(value) for value in text]
    cells += [_coordinate(point[1]), _coordinate(point[0]), point[2]]
    return cells + [spreadsheet_safe(value) for value in tail]


def csv_rows(structures: QuerySet[Structure]) -> Iterator[list[str]]:
    """Yield the site's CSV export row of each structure (columns of exports.CSV_COLUMNS)."""
    site = site_root()
    for rows in _chunks(structures, CSV_FIELDS):
        disciplines = _disciplines([row["pk"] for row in rows])
        for row in rows:
            yield _csv_cells(row, disciplines.get(row["pk"], []), site)


def data_inclusion_lines(structures: QuerySet[Structure]) -> Iterator[str]:
    """Yield a JSON array of data·inclusion records, one per line, as the site's export writes it."""
    site = site_root()
    named = structures.annotate(name_length=Length("name")).filter(name_length__gte=NAME_LENGTH[0])
    separator = ""
    yield "["
    for rows in _chunks(named, DATA_INCLUSION_FIELDS):
        batch = []
        for row in rows:
            commune = (
                SimpleNamespace(name=row["commune__name"], code=row["commune__code"])
                if row["commune__code"] is not None
                else None
            )
            stand_in: Any = SimpleNamespace(
                commune=commune,
                **{name: value for name, value in row.items() if not name.startswith("commune__")},
            )
            record = json.dumps(data_inclusion_record(stand_in, site_url=site), ensure_ascii=False)
            batch.append(f"{separator}\n{record}")
            separator = ","
        yield "".join(batch)
    yield "\n]\n"
