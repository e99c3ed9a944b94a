"""Import the SIRENE stock: read with DuckDB, guard against a truncated stock, write in one transaction.

Every run is an ImportRun. A run either writes everything (status `applied`) or nothing: the structures,
the aggregate counts and the run's status are committed together, so a run killed at any point leaves the
previous data as it was, and the next run starts over (it marks a run left `running` as failed). An
applied run is followed by a new snapshot of the observatory's indicators.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.imports.notify import import_applied
from maillage.imports.sirene.communes import CommuneIndex
from maillage.imports.sirene.extract import Extraction, extract
from maillage.imports.sirene.models import SireneCulturalCount
from maillage.imports.sirene.reader import (
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_THREADS,
    connect,
    open_etablissements,
    open_unites_legales,
)
from maillage.imports.sirene.selection import Selection
from maillage.imports.sirene.upsert import StructureWriter
from maillage.structures.statistics import StatisticsKeeper

# A run selecting fewer establishments than this share of the previous applied run is refused.
GUARD_RATIO = 0.98


@dataclass
class SireneImportConfig:
    unites_legales: Path
    etablissements: Path
    selection: Selection = field(default_factory=Selection)
    dry_run: bool = False
    force: bool = False
    batch_size: int = 2000
    memory_limit: str = DEFAULT_MEMORY_LIMIT
    threads: int = DEFAULT_THREADS
    temp_dir: Path | None = None

    def options(self) -> dict[str, object]:
        return {
            "unites_legales": str(self.unites_legales),
            "etablissements": str(self.etablissements),
            "dry_run": self.dry_run,
            "force": self.force,
            "selection": self.selection.describe(),
            "selection_fingerprint": self.selection.fingerprint(),
        }


class Progress:
    """Say what happens, with the time elapsed since the start of the run."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        self.say(f"[{self.elapsed():7.1f} s] {message}")

    def elapsed(self) -> float:
        return time.perf_counter() - self.start


def import_sirene(config: SireneImportConfig, *, say: Callable[[str], None] = lambda m: None) -> ImportRun:
    """Run one import and return its ImportRun (applied, dry run, refused or failed)."""
    progress = Progress(say)
    _close_interrupted_runs()
    run = ImportRun.objects.create(
        kind=ImportKind.SIRENE,
        file_name=f"{config.unites_legales.name} + {config.etablissements.name}",
        options=config.options(),
    )
    try:
        with tempfile.TemporaryDirectory(prefix="sirene-", dir=config.temp_dir) as work:
            writer = _run(run, config, Path(work), progress)
    except BaseException as error:  # KeyboardInterrupt included: the run is recorded as failed
        run.status = ImportStatus.FAILED
        run.message = f"Échec, rien n'a été écrit : {type(error).__name__}: {error}"
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "message", "finished_at"])
        raise
    # After the import's own transaction: the observatory's new snapshot and the scores of the structures
    # written, each listener looking only at what the import touched.
    if writer is not None:
        listeners = import_applied(run=run, say=progress, written=writer.written)
        if listeners:
            # Seconds marks since the start (read_and_select, structures, write, committed), then what
            # each listener took: the bench says from them which part of an import costs.
            run.report = {**run.report, "listeners_s": listeners, "total_s": round(progress.elapsed(), 1)}
            run.save(update_fields=["report"])
    return run


def _run(
    run: ImportRun, config: SireneImportConfig, work: Path, progress: Progress
) -> StructureWriter | None:
    """Read, select and write (or only count); return the writer, None when the run was refused."""
    con = connect(memory_limit=config.memory_limit, threads=config.threads, temp_dir=work / "duckdb")
    if sys.stdout.isatty():
        con.execute("SET enable_progress_bar = true")  # DuckDB's own bar during the long scans
    try:
        progress("ouverture des fichiers…")
        ul = open_unites_legales(con, config.unites_legales, work)
        et = open_etablissements(con, config.etablissements, work)
        for source in (ul, et):
            if source.missing_optional:
                progress(
                    f"{source.path.name} : colonnes absentes (ancien format) : "
                    f"{', '.join(source.missing_optional)}"
                )
        extraction = extract(con, config.selection, progress=progress)
        run.report = {"seconds": {"read_and_select": round(progress.elapsed(), 1)}}
        run.selected_count = extraction.selected
        run.counts = dict(extraction.counts)
        progress(
            f"{extraction.counts['rows_read']:_} établissements lus, "
            f"{extraction.counts['cultural']:_} d'activité "
            f"culturelle, {extraction.selected:_} retenus (ESS et culture)".replace("_", " ")
        )
        warning = _guard(run, config)
        if warning and not config.force and not config.dry_run:
            _finish(
                run,
                ImportStatus.REFUSED,
                f"{warning} Rien n'est écrit ; relancez avec --force si cette baisse est attendue.",
            )
            return None
        communes = CommuneIndex()
        writer = StructureWriter(dry_run=config.dry_run, communes=communes, run_id=run.pk)
        if config.dry_run:
            _write(extraction, writer, config, progress)
            run.report["seconds"]["write"] = round(progress.elapsed(), 1)
            message = "Simulation : rien n'a été écrit." + (f" {warning}" if warning else "")
            _finish(run, ImportStatus.DRY_RUN, message, writer.counts)
            return writer
        with _sqlite_for_bulk_writes(), transaction.atomic():
            _write(extraction, writer, config, progress)
            run.report["seconds"]["structures"] = round(progress.elapsed(), 1)
            _write_aggregates(run, extraction, communes)
            run.report["seconds"]["write"] = round(progress.elapsed(), 1)
            message = "Import appliqué." + (f" {warning} Appliqué quand même (--force)." if warning else "")
            _finish(run, ImportStatus.APPLIED, message, writer.counts)
        run.report["seconds"]["committed"] = round(progress.elapsed(), 1)
        run.save(update_fields=["report"])
        return writer
    finally:
        con.close()


def _write(
    extraction: Extraction, writer: StructureWriter, config: SireneImportConfig, progress: Progress
) -> None:
    done = 0
    verb = "examinés" if config.dry_run else "écrits"
    statistics = StatisticsKeeper()
    for batch in extraction.batches(config.batch_size):
        writer.write_batch(batch)
        done += len(batch)
        if not config.dry_run:
            statistics.wrote(len(batch))
        progress(f"{done:_} / {extraction.selected:_} établissements {verb}".replace("_", " "))


def _write_aggregates(run: ImportRun, extraction: Extraction, communes: CommuneIndex) -> None:
    """Store the active cultural establishments by commune x NAF x ESS, codes resolved to communes."""
    totals: dict[tuple[str | None, str, bool], int] = defaultdict(int)
    for code, naf, is_ess, count in extraction.aggregates:
        resolution = communes.resolve(code)
        totals[(resolution.commune.id if resolution else None, naf, is_ess)] += count
    # Up to a few hundred thousand small rows: plain parameterised inserts, without a model per row.
    table = SireneCulturalCount._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (run_id, commune_id, naf_code, is_ess, establishments) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s)",
            [(run.pk, commune_id, naf, is_ess, n) for (commune_id, naf, is_ess), n in totals.items()],
        )


def _guard(run: ImportRun, config: SireneImportConfig) -> str:
    """Return why the run should not be applied (a selection under 98 % of the last one), or ''."""
    previous = (
        ImportRun.objects.filter(
            kind=ImportKind.SIRENE,
            status=ImportStatus.APPLIED,
            options__selection_fingerprint=config.selection.fingerprint(),
        )
        .exclude(pk=run.pk)
        .order_by("-started_at")
        .first()
    )
    if previous is None or not previous.selected_count or run.selected_count is None:
        return ""
    if run.selected_count >= GUARD_RATIO * previous.selected_count:
        return ""
    share = run.selected_count / previous.selected_count
    return (
        f"Garde-fou : {run.selected_count} établissements retenus, soit {share:.1%} des "
        f"{previous.selected_count} de l'import appliqué le {previous.started_at:%d/%m/%Y} (seuil : 98 %)."
    )


def _finish(run: ImportRun, status: str, message: str, outcomes: dict[str, int] | None = None) -> None:
    run.status = status
    run.message = message
    run.counts = {**run.counts, **(outcomes or {})}
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "counts", "report", "selected_count", "finished_at"])


@contextmanager
def _sqlite_for_bulk_writes() -> Iterator[None]:
    """Give SQLite a page cache the size of the write (256 MB) and in-memory statement journals, then undo.

    The default cache spills the indexes of a transaction of a hundred thousand rows to the WAL again and
    again. Each insert of a structure fires triggers (full-text index, kept counts) that write other
    tables, so SQLite keeps a statement journal per row, and spills it to a temporary file past 64 KiB:
    in memory (`temp_store`), inserting 35,000 structures took 6.8 s instead of 14.2 s (issue 13).
    PostgreSQL sizes its buffers itself. The connection outlives the import (a worker's, a persistent
    one): it must not keep 256 MB per connection afterwards.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        usual_cache = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA temp_store")
        usual_temp_store = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA cache_size = -262144")
        # SQLite refuses to change it inside a transaction (a caller's own, or a test's): kept as it is.
        journals_in_memory = not connection.in_atomic_block
        if journals_in_memory:
            cursor.execute("PRAGMA temp_store = MEMORY")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {usual_cache}")
            if journals_in_memory:
                cursor.execute(f"PRAGMA temp_store = {usual_temp_store}")


def _close_interrupted_runs() -> None:
    """Mark as failed the runs a killed process left `running`: their transaction never committed."""
    ImportRun.objects.filter(kind=ImportKind.SIRENE, status=ImportStatus.RUNNING).update(
        status=ImportStatus.FAILED,
        message="Interrompu avant la fin (processus arrêté) : rien n'a été écrit.",
        finished_at=timezone.now(),
    )
