"""Open SIRENE stock files (CSV, zipped CSV, Parquet) as DuckDB views of text columns named as INSEE does.

DuckDB streams the files: a query over a view reads it in parallel chunks and spills to a temporary
directory past its memory limit, so a 8 GB stock is read in bounded memory. Header names are matched
without case and without the trailing space some files carry (`coordonneeLambertAbscisseEtablissement `).
"""

# View and column names are constants of this package; file paths go through quote().
# ruff: noqa: S608

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from maillage.imports.sirene.columns import (
    ETABLISSEMENT_COLUMNS,
    OPTIONAL_ETABLISSEMENT,
    OPTIONAL_UNITE_LEGALE,
    REQUIRED_ETABLISSEMENT,
    REQUIRED_UNITE_LEGALE,
    UNITE_LEGALE_COLUMNS,
)

DEFAULT_MEMORY_LIMIT = "2GB"
DEFAULT_THREADS = 2
# Identifiers a typed Parquet file could hold as integers, losing their leading zeros.
PADDED_WIDTHS = {"siren": 9, "nic": 5, "siret": 14, "nicsiegeunitelegale": 5}


class SireneFileError(Exception):
    """A file that is not a SIRENE stock the importer can read."""


@dataclass
class SourceFile:
    """One stock file as opened: where it was read from, its format and its columns."""

    path: Path
    format: str
    columns: list[str] = field(default_factory=list)
    missing_optional: list[str] = field(default_factory=list)
    extracted_from: Path | None = None


def connect(
    *, memory_limit: str = DEFAULT_MEMORY_LIMIT, threads: int = DEFAULT_THREADS, temp_dir: Path
) -> duckdb.DuckDBPyConnection:
    """Return an in-memory DuckDB bounded in memory and threads, spilling to temp_dir."""
    temp_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:")
    con.execute(f"SET memory_limit = {quote(memory_limit)}")
    con.execute(f"SET threads = {int(threads)}")
    con.execute(f"SET temp_directory = {quote(str(temp_dir))}")
    # Order of rows does not matter here; keeping it would hold back memory in parallel scans.
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    return con


def quote(value: str) -> str:
    """Return a SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def open_unites_legales(con: duckdb.DuckDBPyConnection, path: Path, work_dir: Path) -> SourceFile:
    """Create the view `unites_legales` over a StockUniteLegale file."""
    return _open(
        con,
        "unites_legales",
        path,
        work_dir,
        UNITE_LEGALE_COLUMNS,
        REQUIRED_UNITE_LEGALE,
        OPTIONAL_UNITE_LEGALE,
    )


def open_etablissements(con: duckdb.DuckDBPyConnection, path: Path, work_dir: Path) -> SourceFile:
    """Create the view `etablissements` over a StockEtablissement file."""
    return _open(
        con,
        "etablissements",
        path,
        work_dir,
        ETABLISSEMENT_COLUMNS,
        REQUIRED_ETABLISSEMENT,
        OPTIONAL_ETABLISSEMENT,
    )


def scan_sql(path: Path, file_format: str) -> str:
    """Return the table function reading a file, every CSV field as text.

    A malformed line (a field missing) is set aside in DuckDB's `reject_errors` table and counted, not
    fatal: INSEE's files have none, but a truncated download would.
    """
    if file_format == "parquet":
        return f"read_parquet({quote(str(path))})"
    return (
        f"read_csv({quote(str(path))}, header = true, delim = ',', quote = '\"', escape = '\"', "
        "all_varchar = true, normalize_names = false, sample_size = 20480, store_rejects = true)"
    )


def _open(
    con: duckdb.DuckDBPyConnection,
    view: str,
    path: Path,
    work_dir: Path,
    known: tuple[str, ...],
    required: tuple[str, ...],
    optional: tuple[str, ...],
) -> SourceFile:
    if not path.is_file():
        raise SireneFileError(f"Fichier introuvable : {path}")
    source = _unpack(path, work_dir)
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM {scan_sql(source.path, source.format)}").fetchall()
    except duckdb.Error as error:
        raise SireneFileError(f"{path.name} : lecture impossible ({error}).") from error
    by_key = {str(name).strip().lower(): (str(name), str(kind)) for name, kind, *_ in described}
    canonical = {c.lower(): c for c in known}
    missing = [c for c in required if c.lower() not in by_key]
    expected_kind = "StockUniteLegale" if view == "unites_legales" else "StockEtablissement"
    if missing:
        raise SireneFileError(
            f"{path.name} : colonnes attendues absentes ({', '.join(missing)}) ; "
            f"est-ce bien un fichier {expected_kind} ?"
        )
    selects = []
    for key, (raw, kind) in by_key.items():
        name = canonical.get(key)
        if name is None:
            continue  # a column this reader does not know: not read
        expression = f'CAST("{_ident(raw)}" AS VARCHAR)'
        if key in PADDED_WIDTHS and kind.upper() != "VARCHAR":
            expression = f"lpad({expression}, {PADDED_WIDTHS[key]}, '0')"
        selects.append(f'{expression} AS "{name}"')
        source.columns.append(name)
    for name in optional:
        if name.lower() not in by_key:
            selects.append(f'NULL::VARCHAR AS "{name}"')
            source.missing_optional.append(name)
    con.execute(
        f"CREATE OR REPLACE VIEW {view} AS SELECT {', '.join(selects)} "
        f"FROM {scan_sql(source.path, source.format)}"
    )
    return source


def _unpack(path: Path, work_dir: Path) -> SourceFile:
    """Return the file to scan: the file itself, or the stock inside a zip, extracted in a stream."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return SourceFile(path, "parquet")
    if suffix != ".zip":
        return SourceFile(path, "csv")
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.infolist() if m.filename.lower().endswith((".csv", ".parquet"))]
        if len(members) != 1:
            raise SireneFileError(f"{path.name} : l'archive doit contenir un seul fichier CSV ou Parquet.")
        member = members[0]
        target = work_dir / Path(member.filename).name
        work_dir.mkdir(parents=True, exist_ok=True)
        # DuckDB cannot read inside a zip: copy the member out in 1 MiB pieces, never whole in memory.
        with archive.open(member) as stream, target.open("wb") as out:
            shutil.copyfileobj(stream, out, length=1 << 20)
    file_format = "parquet" if target.suffix.lower() == ".parquet" else "csv"
    return SourceFile(target, file_format, extracted_from=path)


def _ident(name: str) -> str:
    return name.replace('"', '""')
