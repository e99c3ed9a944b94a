"""Exports of a result set of the directory: CSV for spreadsheets, GeoJSON for maps.

Each export is a generator of text chunks read from a queryset in chunks of CHUNK_SIZE rows, with the
commune and département joined and the disciplines prefetched per chunk: two queries per 2,000 rows, so a
download of any size streams in constant memory. The data·inclusion export lives in `data_inclusion.py`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet

from maillage.structures.models import Structure
from maillage.structures.search import StructureFilters, filter_structures, order_structures

# Beyond this many rows a download is cut short, and says so: larger sets are for a bulk dump, not a click.
EXPORT_LIMIT = 100_000
CHUNK_SIZE = 2000
# Rows written per chunk of the stream: big enough to keep the number of writes low, small enough to
# start the download at once.
ROWS_PER_WRITE = 500

CSV_COLUMNS = (
    "nom",
    "sigle",
    "siret",
    "type",
    "famille_ess",
    "ess",
    "commune",
    "code_insee",
    "departement",
    "code_postal",
    "adresse",
    "site_web",
    "courriel",
    "latitude",
    "longitude",
    "precision",
    "disciplines",
    "en_activite",
    "url",
    "source",
    "date_source",
)
# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and carriage return, as
# the start of one once trimmed): `=HYPERLINK(…)` in a name would become a live link, or worse.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
YES_NO = {True: "oui", False: "non", None: ""}
# How precise a point is: the structure's own address, or the centre of its commune.
PRECISION_ADDRESS = "adresse"
PRECISION_COMMUNE = "commune"


def structure_path(slug: str) -> str:
    """Return the path of a structure's page, the public address exports and the API link to."""
    return f"/structures/{slug}/"


def structures_to_export(filters: StructureFilters) -> QuerySet[Structure]:
    """Return every structure matching the filters (pages aside), in the order the list shows them."""
    return order_structures(filter_structures(filters), filters)


def export_rows(
    structures: QuerySet[Structure], *, limit: int = EXPORT_LIMIT, disciplines: bool = True
) -> Iterator[Structure]:
    """Iterate over at most `limit` structures with their commune and département, and disciplines."""
    joined = structures.select_related("commune__departement")
    if disciplines:
        joined = joined.prefetch_related("disciplines")
    return joined[:limit].iterator(chunk_size=CHUNK_SIZE)


def spreadsheet_safe(value: str) -> str:
    """Prefix text a spreadsheet would run as a formula with an apostrophe, which shows it as typed."""
    return f"'{value}" if value.startswith(FORMULA_TRIGGERS) else value


def structure_point(structure: Structure) -> tuple[float, float, str] | None:
    """Return (longitude, latitude, precision): the structure's own point, else its commune's centre.

    The directory's map places a structure without coordinates at its commune's centre: exports do the
    same, so that QGIS or uMap show as many points as the site, each saying how precise it is.
    """
    if structure.latitude is not None and structure.longitude is not None:
        return structure.longitude, structure.latitude, PRECISION_ADDRESS
    commune = structure.commune
    if commune is not None and commune.latitude is not None and commune.longitude is not None:
        return commune.longitude, commune.latitude, PRECISION_COMMUNE
    return None


def _coordinate(value: float | None) -> str:
    # Numbers are written by this module, never typed by someone: "-2.08" is a longitude west of
    # Greenwich, which a spreadsheet reads as a number, so it is left as is.
    return "" if value is None else repr(value)


def csv_row(structure: Structure, *, site_url: str) -> list[str]:
    """Return the cells of one structure, in the order of CSV_COLUMNS."""
    commune = structure.commune
    departement = commune.departement if commune else None
    text_cells = {
        "nom": structure.name,
        "sigle": structure.acronym,
        "siret": structure.siret,
        "type": str(structure.get_kind_display()),
        "famille_ess": str(structure.get_ess_family_display()),
        "ess": YES_NO[structure.is_ess],
        "commune": commune.name if commune else "",
        "code_insee": commune.code if commune else "",
        "departement": departement.name if departement else "",
        "code_postal": structure.postal_code,
        "adresse": structure.street,
        "site_web": structure.website,
        "courriel": structure.email,
        "disciplines": " | ".join(d.name for d in structure.disciplines.all()),
        "en_activite": YES_NO[structure.is_active],
        "url": f"{site_url}{structure_path(structure.slug)}",
        "source": structure.source_label or str(structure.get_source_display()),
        "date_source": structure.source_date.isoformat() if structure.source_date else "",
    }
    cells = {name: spreadsheet_safe(value) for name, value in text_cells.items()}
    point = structure_point(structure)
    cells["longitude"] = _coordinate(point[0] if point else None)
    cells["latitude"] = _coordinate(point[1] if point else None)
    cells["precision"] = point[2] if point else ""
    return [cells[name] for name in CSV_COLUMNS]


def _batches(rows: Iterable[list[str]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for count, row in enumerate(rows, start=1):
        writer.writerow(row)
        if count % ROWS_PER_WRITE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def csv_chunks(structures: QuerySet[Structure], *, site_url: str, limit: int = EXPORT_LIMIT) -> Iterator[str]:
    """Yield a comma-separated file, UTF-8 with a byte order mark (Excel's cue), French header first."""
    # RFC 4180 ends lines with CRLF; the BOM makes Excel read UTF-8 rather than the Windows code page.
    yield "\ufeff" + ",".join(CSV_COLUMNS) + "\r\n"
    yield from _batches(csv_row(s, site_url=site_url) for s in export_rows(structures, limit=limit))


def geojson_feature(structure: Structure, *, site_url: str) -> dict[str, Any]:
    """Return a structure as a GeoJSON point feature; the caller leaves out structures without a place."""
    commune = structure.commune
    departement = commune.departement if commune else None
    point = structure_point(structure)
    longitude, latitude, precision = point if point else (None, None, None)
    return {
        "type": "Feature",
        "id": structure.slug,
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": {
            "nom": structure.name,
            "sigle": structure.acronym or None,
            "type": structure.kind,
            "famille_ess": structure.ess_family,
            "ess": structure.is_ess,
            "siret": structure.siret or None,
            "commune": commune.name if commune else None,
            "code_insee": commune.code if commune else None,
            "departement": departement.name if departement else None,
            "disciplines": [d.slug for d in structure.disciplines.all()],
            "en_activite": structure.is_active,
            "url": f"{site_url}{structure_path(structure.slug)}",
            "precision": precision,
        },
    }


def geojson_chunks(
    structures: QuerySet[Structure], *, site_url: str, limit: int = EXPORT_LIMIT
) -> Iterator[str]:
    """Yield a GeoJSON FeatureCollection of the structures the map shows: own point, else commune's centre.

    Two foreign members close the collection, once the rows are read: `sans_coordonnees`, how many
    structures were left out for want of any place (no coordinates, no commune), and `tronque`, whether
    the export stopped at `limit`.
    """
    yield '{"type": "FeatureCollection", "features": ['
    without_coordinates = 0
    truncated = False
    separator = ""
    batch: list[str] = []
    # One row beyond the limit tells whether there was more, without counting the whole set.
    for position, structure in enumerate(export_rows(structures, limit=limit + 1)):
        if position == limit:
            truncated = True
            break
        if structure_point(structure) is None:
            without_coordinates += 1
            continue
        feature = json.dumps(geojson_feature(structure, site_url=site_url), ensure_ascii=False)
        batch.append(f"{separator}\n{feature}")
        separator = ","
        if len(batch) == ROWS_PER_WRITE:
            yield "".join(batch)
            batch = []
    yield "".join(batch)
    yield f'\n], "sans_coordonnees": {without_coordinates}, "tronque": {json.dumps(truncated)}}}\n'
