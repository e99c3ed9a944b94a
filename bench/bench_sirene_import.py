"""Measure the SIRENE import on generated stocks, beside pandas in chunks and a bare DuckDB scan.

For each size (establishment rows; SIRENE_BENCH_ROWS, default "1000000,10000000"), a stock is generated
(CSV and Parquet), then each contender runs in its own process, whose wall time (Python start-up and
Django set-up included) and peak resident memory are measured. The peak is the child's own VmHWM, read
from /proc when it ends: ru_maxrss would count the parent's memory, inherited through fork.

- importer: `manage.py import_sirene` end to end (read, select, write every structure in one transaction,
  aggregates, then the observatory's and quality's listeners) into a copy of the bench database (the
  referential loaded, no SIRENE structure yet), each step's seconds read from the run's report;
- importer_again: the same stock imported a second time into the same copy, the second run measured (a
  month whose stock did not change: the first run's full comparison of the communes is a one-off);
- importer_dry_run: the same with --dry-run (everything but the writes);
- pandas: `read_csv` in 500,000-row chunks, every column as text, selecting the same rows (no writes);
- bare: one DuckDB query scanning both files, joining and counting the selection (the machine's limit).

The selections are checked equal. SIRENE_BENCH_PANDAS_MAX_ROWS (default 10,000,000) skips pandas
above that size; SIRENE_BENCH_CONTENDERS (e.g. "bare_csv,importer_csv") measures only those runs, and the
Parquet stock is generated only when a Parquet run is among them; SIRENE_BENCH_DIR chooses where the
stocks are written (deleted after each size).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHUNK_ROWS = 500_000


def _child(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one contender through this file; return its wall time and what it printed last (JSON)."""
    start = time.perf_counter()
    completed = subprocess.run(  # noqa: S603 (this file, with generated paths)
        [sys.executable, str(Path(__file__).relative_to(ROOT)), *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if completed.returncode != 0:
        raise RuntimeError(f"{args[:2]} failed:\n{completed.stdout[-2000:]}\n{completed.stderr[-2000:]}")
    return {"seconds": round(seconds, 2), **json.loads(completed.stdout.strip().splitlines()[-1])}


def _peak_rss_mb() -> int:
    """Return this process's peak resident memory (VmHWM), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    return 0


def _template_database(work: Path) -> Path:
    """Copy the bench database (SQLite, the referential loaded) once, migrated, without SIRENE structures."""
    from django.conf import settings  # noqa: PLC0415 (Django is set up by the runner)

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        raise RuntimeError("bench_sirene_import writes into copies of the SQLite bench database")
    target = work / "template.sqlite3"
    with sqlite3.connect(database["NAME"]) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    env = {"DATABASE_URL": f"sqlite:///{target}", "DJANGO_SETTINGS_MODULE": "maillage.settings.test"}
    _child("manage", "migrate", "-v0", env=env)
    with sqlite3.connect(target) as copy:
        copy.execute("DELETE FROM structures_structure WHERE source = 'sirene'")
    return target


def _import(ul: Path, et: Path, work: Path, *options: str, again: bool = False) -> dict[str, Any]:
    """Import into a fresh copy of the template database, in a child process.

    With `again`, the stock is imported once unmeasured, then measured a second time into the same
    database: a month whose stock did not change, where the first run (every commune's counts new to the
    observatory) is a one-off.
    """
    database = work / f"bench-{time.monotonic_ns()}.sqlite3"
    shutil.copyfile(work.parent / "template.sqlite3", database)
    env = {"DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "maillage.settings.test"}
    command = ["manage", "import_sirene", "--unites-legales", str(ul), "--etablissements", str(et)]
    if again:
        _child(*command, "--force", "--temp-dir", str(work), *options, env=env)
    result = _child(*command, "--force", "--temp-dir", str(work), *options, env=env)
    with sqlite3.connect(database) as db:
        selected, counts, report = db.execute(
            "SELECT selected_count, counts, report FROM imports_importrun ORDER BY id DESC LIMIT 1"
        ).fetchone()
        structures = db.execute(
            "SELECT count(*) FROM structures_structure WHERE source = 'sirene'"
        ).fetchone()[0]
    database.unlink()
    outcome = json.loads(counts)
    # Seconds since the command started (Django set up): reading and selecting, then writing.
    stored = json.loads(report)
    phases = stored["seconds"]
    steps = {}
    if "committed" in phases:  # an applied run: its writes split, the commit, then each listener
        steps = {
            "structures_s": round(phases["structures"] - phases["read_and_select"], 1),
            "aggregates_s": round(phases["write"] - phases["structures"], 1),
            "commit_s": round(phases["committed"] - phases["write"], 1),
            "listeners_s": stored.get("listeners_s", {}),
            "until_committed_s": phases["committed"],
            "in_command_s": stored.get("total_s"),
        }
    return (
        result
        | steps
        | {
            "read_and_select_s": phases["read_and_select"],
            "write_s": round(phases["write"] - phases["read_and_select"], 1),
            "selected": selected,
            "created": outcome.get("created"),
            "structures_written": structures,
            "cultural": outcome.get("cultural"),
        }
    )


def _stock(rows: int, work: Path, file_format: str, figures: dict[str, Any]) -> tuple[Path, Path]:
    """Generate a stock in one format, note its time and size; return (units, establishments)."""
    from maillage.imports.sirene.generator import generate_stock  # noqa: PLC0415

    start = time.perf_counter()
    stock = generate_stock(rows=rows, seed=1, output=work / file_format, file_format=file_format)
    figures[f"generate_{file_format}_s"] = round(time.perf_counter() - start, 1)
    figures[f"{file_format}_mb"] = round(
        (stock.unites_legales.stat().st_size + stock.etablissements.stat().st_size) / 1e6
    )
    figures["units"] = stock.units
    return stock.unites_legales, stock.etablissements


def _measure(rows: int, work: Path, *, with_pandas: bool, contenders: set[str] | None) -> dict[str, Any]:
    figures: dict[str, Any] = {"rows": rows}

    def chosen(name: str) -> bool:
        return contenders is None or name in contenders

    csv_files = _stock(rows, work, "csv", figures)
    runs = {
        "bare_csv": lambda: _child("bare", *map(str, csv_files)),
        "importer_csv": lambda: _import(*csv_files, work),
        "importer_csv_dry_run": lambda: _import(*csv_files, work, "--dry-run"),
        "importer_csv_again": lambda: _import(*csv_files, work, again=True),
    }
    if with_pandas:
        runs["pandas_csv"] = lambda: _child("pandas", *map(str, csv_files))
    if chosen("bare_parquet") or chosen("importer_parquet"):
        # Generated only when measured: 8 minutes at 40 M rows.
        parquet_files = _stock(rows, work, "parquet", figures)
        runs["bare_parquet"] = lambda: _child("bare", *map(str, parquet_files))
        runs["importer_parquet"] = lambda: _import(*parquet_files, work)
    runs = {name: measure for name, measure in runs.items() if chosen(name)}
    for name, measure in runs.items():
        result = measure()
        result["rows_per_s"] = round(rows / result["seconds"])
        figures[name] = result
    selections = {name: figures[name]["selected"] for name in runs}
    if len(set(selections.values())) != 1:
        raise RuntimeError(f"the contenders did not select the same rows: {selections}")
    return figures


def run() -> dict[str, Any]:
    """Measure every size asked for; one stock on disk at a time."""
    import duckdb  # noqa: PLC0415

    sizes = [int(n) for n in os.environ.get("SIRENE_BENCH_ROWS", "1000000,10000000").split(",")]
    pandas_max = int(os.environ.get("SIRENE_BENCH_PANDAS_MAX_ROWS", "10000000"))
    chosen = os.environ.get("SIRENE_BENCH_CONTENDERS")
    contenders = None if not chosen else {name.strip() for name in chosen.split(",")}
    figures: dict[str, Any] = {"duckdb": duckdb.__version__, "sizes": []}
    try:
        import pandas  # type: ignore[import-untyped]  # noqa: PLC0415

        figures["pandas"] = pandas.__version__
    except ImportError:  # the dev group is not installed: pandas is left out
        pandas_max = 0
    with tempfile.TemporaryDirectory(prefix="sirene-bench-", dir=os.environ.get("SIRENE_BENCH_DIR")) as base:
        _template_database(Path(base))
        for rows in sizes:
            work = Path(base) / f"rows-{rows}"
            work.mkdir()
            figures["sizes"].append(
                _measure(rows, work, with_pandas=rows <= pandas_max, contenders=contenders)
            )
            shutil.rmtree(work)
            print(json.dumps(figures["sizes"][-1]), flush=True)
    return figures


def _bare(ul: str, et: str) -> dict[str, Any]:
    """Count the selection with one DuckDB query over both files, as the importer defines it."""
    from maillage.imports.sirene.reader import connect, scan_sql  # noqa: PLC0415
    from maillage.imports.sirene.selection import Selection, normalized_naf_sql  # noqa: PLC0415

    selection = Selection()
    with tempfile.TemporaryDirectory() as work:
        con = connect(temp_dir=Path(work))
        file_format = "parquet" if ul.endswith(".parquet") else "csv"
        naf = normalized_naf_sql('e."activitePrincipaleEtablissement"')
        ess = selection.ess_sql(
            'u."economieSocialeSolidaireUniteLegale"', 'u."categorieJuridiqueUniteLegale"'
        )
        row = con.execute(
            f"SELECT count(*) FROM {scan_sql(Path(et), file_format)} AS e "  # noqa: S608 (constants and paths)
            f"JOIN {scan_sql(Path(ul), file_format)} AS u ON u.siren = e.siren "
            f"WHERE {selection.naf_sql(naf)} "
            "AND coalesce(e.\"nomenclatureActivitePrincipaleEtablissement\", 'NAFRev2') = 'NAFRev2' "
            f"AND {ess}"
        ).fetchone()
    return {"selected": int(row[0]) if row else 0}


def _pandas(ul: str, et: str) -> dict[str, Any]:
    """Select the same rows the usual way: pandas chunks of 500,000 rows, every column as text."""
    import pandas as pd  # noqa: PLC0415

    from maillage.imports.sirene.selection import DEFAULT_NAF_CODES, ESS_LEGAL_CATEGORIES  # noqa: PLC0415

    ess_sirens: set[str] = set()
    for chunk in pd.read_csv(ul, dtype=str, keep_default_na=False, chunksize=CHUNK_ROWS):
        ess = (chunk["economieSocialeSolidaireUniteLegale"] == "O") | chunk[
            "categorieJuridiqueUniteLegale"
        ].isin(ESS_LEGAL_CATEGORIES)
        ess_sirens.update(chunk.loc[ess, "siren"])
    selected = 0
    for chunk in pd.read_csv(et, dtype=str, keep_default_na=False, chunksize=CHUNK_ROWS):
        code = chunk["activitePrincipaleEtablissement"].str.strip()
        dotless = code.str.fullmatch(r"\d{4}[A-Za-z]")
        code = code.where(~dotless, code.str[:2] + "." + code.str[2:].str.upper())
        nomenclature = chunk["nomenclatureActivitePrincipaleEtablissement"]
        kept = (
            code.isin(DEFAULT_NAF_CODES)
            & nomenclature.isin(["NAFRev2", ""])
            & chunk["siren"].isin(ess_sirens)
        )
        selected += int(kept.sum())
    return {"selected": selected}


def _manage(*args: str) -> dict[str, Any]:
    """Run a management command in this process."""
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    execute_from_command_line(["manage.py", *args])
    return {}


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    contenders: dict[str, Callable[..., dict[str, Any]]] = {
        "bare": _bare,
        "pandas": _pandas,
        "manage": _manage,
    }
    figures = contenders[sys.argv[1]](*sys.argv[2:])
    print(json.dumps({**figures, "peak_rss_mb": _peak_rss_mb()}))
