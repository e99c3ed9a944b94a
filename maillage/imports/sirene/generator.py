"""Write a fictitious SIRENE stock in INSEE's exact format, at any size, the same for the same seed.

Every value is a function of a row number and the seed (DuckDB's `hash`), so the two files agree (a
unit's state, legal category and diffusion status are recomputed from its key on both sides) without a
join, and DuckDB streams them to disk: ten million rows need no more memory than ten thousand.
Establishments are placed in real communes of the referential, in proportion to their population
(arrondissements for Paris, Lyon and Marseille, as SIRENE does), with Lambert-93 coordinates computed from
the commune's point plus a jitter.
"""

# The SQL comes from generator_sql (constants and numbers); paths go through quote().
# ruff: noqa: S608

from __future__ import annotations

import csv
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Min

from maillage.imports.sirene import generator_sql
from maillage.imports.sirene.lambert import to_lambert93
from maillage.imports.sirene.reader import connect, quote
from maillage.territories.enums import Level
from maillage.territories.models import CommuneCode, PostalCode, Territory

UNITE_LEGALE_FILE = "StockUniteLegale_utf8"
ETABLISSEMENT_FILE = "StockEtablissement_utf8"


@dataclass(frozen=True)
class GeneratedStock:
    unites_legales: Path
    etablissements: Path
    establishments: int
    units: int
    communes: int


def generate_stock(
    *,
    rows: int,
    seed: int,
    output: Path,
    file_format: str = "csv",
    zipped: bool = False,
    memory_limit: str = "2GB",
    threads: int = 2,
    progress: Callable[[str], None] = lambda message: None,
) -> GeneratedStock:
    """Write StockUniteLegale and StockEtablissement files for `rows` establishments into `output`."""
    if rows < 1:
        raise ValueError("Il faut au moins une ligne.")
    if file_format not in {"csv", "parquet"}:
        raise ValueError("Format attendu : csv ou parquet.")
    if zipped and file_format != "csv":
        raise ValueError("INSEE zippe les CSV, pas les Parquet.")
    output.mkdir(parents=True, exist_ok=True)
    extension = "parquet" if file_format == "parquet" else "csv"
    with tempfile.TemporaryDirectory(prefix="sirene-gen-", dir=output) as work:
        work_dir = Path(work)
        communes_csv = work_dir / "communes.csv"
        communes = _write_communes(communes_csv)
        progress(f"{communes} communes du référentiel, pondérées par leur population")
        con = connect(memory_limit=memory_limit, threads=threads, temp_dir=work_dir / "duckdb")
        # Generated rows keep their order, so that a seed always gives the same bytes.
        con.execute("SET preserve_insertion_order = true")
        for statement in generator_sql.setup_statements(seed=seed, communes_csv=communes_csv):
            con.execute(statement)
        copy_options = (
            "(FORMAT parquet, COMPRESSION zstd)" if file_format == "parquet" else "(HEADER, DELIMITER ',')"
        )
        ul_path = output / f"{UNITE_LEGALE_FILE}.{extension}"
        et_path = output / f"{ETABLISSEMENT_FILE}.{extension}"
        progress("écriture des unités légales…")
        con.execute(
            f"COPY ({generator_sql.unites_legales_sql(rows)}) TO {quote(str(ul_path))} {copy_options}"
        )
        progress("écriture des établissements…")
        con.execute(
            f"COPY ({generator_sql.etablissements_sql(rows)}) TO {quote(str(et_path))} {copy_options}"
        )
        units = _count(con, ul_path, file_format)
        con.close()
    if zipped:
        ul_path = _zip(ul_path)
        et_path = _zip(et_path)
    return GeneratedStock(ul_path, et_path, rows, units, communes)


def _count(con: object, path: Path, file_format: str) -> int:
    reader = (
        f"read_parquet({quote(str(path))})" if file_format == "parquet" else generator_sql.csv_reader(path)
    )
    row = con.execute(f"SELECT count(*) FROM {reader}").fetchone()  # type: ignore[attr-defined]
    return int(row[0]) if row else 0


def _zip(path: Path) -> Path:
    """Zip a file as INSEE publishes it (deflate, ZIP64 past 4 GB) and remove the original."""
    target = path.with_suffix(".zip")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.write(path, arcname=path.name)
    path.unlink()
    return target


def insee_spelling(name: str) -> str:
    """Return a commune name as SIRENE writes it: upper case, no accents, hyphens kept ("SAINT-ETIENNE")."""
    decomposed = unicodedata.normalize("NFKD", name.upper().replace("Œ", "OE"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("'", " ")


def _write_communes(path: Path) -> int:
    """Write the communes to draw from: code, name, postal code, Lambert-93 point, population."""
    places = list(
        Territory.objects.filter(
            level__in=[Level.COMMUNE, Level.ARRONDISSEMENT],
            is_current=True,
            population__gt=0,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .exclude(arrondissements__isnull=False)  # Paris, Lyon, Marseille: their arrondissements instead
        .distinct()
        .order_by("id")
        .values_list("id", "code", "name", "population", "latitude", "longitude", "commune_id")
    )
    if not places:
        raise ValueError(
            "Le référentiel territorial est vide : chargez-le d'abord (manage.py import_territoires)."
        )
    postal = dict(
        PostalCode.objects.values("commune_id").annotate(first=Min("code")).values_list("commune_id", "first")
    )
    former = dict(
        CommuneCode.objects.values("commune_id")
        .annotate(first=Min("code"))
        .values_list("commune_id", "first")
    )
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["idx", "code", "name", "postal", "x", "y", "population", "former", "overseas"])
        for idx, (territory_id, code, name, population, lat, lon, parent_id) in enumerate(places):
            latitude, longitude = float(lat or 0), float(lon or 0)  # never null: filtered above
            overseas = code.startswith(("97", "98"))
            if overseas:
                # Overseas stocks carry UTM metres, not Lambert-93: plausible numbers of that kind.
                x, y = 500_000 + (longitude % 6) * 80_000, 10_000_000 + latitude * 110_574
            else:
                x, y = to_lambert93(latitude, longitude)
            writer.writerow(
                [
                    idx,
                    code,
                    insee_spelling(name),
                    postal.get(territory_id) or postal.get(parent_id) or "",
                    round(x, 1),
                    round(y, 1),
                    population,
                    former.get(territory_id, ""),
                    overseas,
                ]
            )
    return len(places)
