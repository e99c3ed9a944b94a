"""A run that fails or is killed while writing leaves the directory as it was; the next run completes."""

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import IntegrityError, connection

from maillage.imports.models import ImportRun, ImportStatus
from maillage.imports.sirene import upsert
from maillage.imports.sirene.generator import generate_stock
from maillage.imports.sirene.models import SireneCulturalCount
from maillage.search.fulltext import filter_fulltext
from maillage.structures.models import Structure
from maillage.structures.search_filters import FTS_TABLE
from maillage.structures.services import structure_create
from maillage.territories.models import Territory
from tests.imports.sirene_stock import (
    establishment,
    expected_selection,
    import_stock,
    siret,
    unit,
    write_stock,
)

ROOT = Path(settings.BASE_DIR)
TRAP = "sirene_test_trap"


def snapshot() -> tuple[list[Any], list[Any], int]:
    return (
        list(Structure.objects.order_by("pk").values()),
        list(SireneCulturalCount.objects.order_by("pk").values()),
        connection.cursor().execute("SELECT count(*) FROM structures_structure").fetchone()[0],
    )


def first_and_second_months(tmp_path: Path) -> tuple[tuple[Path, Path], tuple[Path, Path]]:
    """Month one: 40 structures. Month two: every name changed and 40 new establishments."""
    first = write_stock(
        tmp_path / "m1", [unit(n) for n in range(1, 41)], [establishment(n) for n in range(1, 41)]
    )
    second = write_stock(
        tmp_path / "m2",
        [unit(n, denominationUniteLegale=f"NOUVEAU NOM {n}") for n in range(1, 81)],
        [establishment(n) for n in range(1, 81)],
    )
    return first, second


def add_trap(refused_siret: str) -> None:
    """Make the database refuse one row, as a constraint violated in the middle of the write would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"ALTER TABLE structures_structure ADD CONSTRAINT {TRAP} CHECK (siret <> %s)", [refused_siret]
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER {TRAP} BEFORE INSERT ON structures_structure "
                f"WHEN NEW.siret = '{refused_siret}' "
                "BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: sirene_test_trap'); END"
            )


def drop_trap() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE structures_structure DROP CONSTRAINT {TRAP}")
        else:
            cursor.execute(f"DROP TRIGGER {TRAP}")


@pytest.mark.django_db(transaction=True)
def test_a_constraint_violated_mid_write_leaves_the_previous_data(loire_rhone, tmp_path):
    (ul1, et1), (ul2, et2) = first_and_second_months(tmp_path)
    import_stock(ul1, et1)
    before = snapshot()
    # The last new SIRET in the order of writing: 15 batches of 5 are written before the database refuses it.
    add_trap(max(siret(n) for n in range(41, 81)))
    try:
        with pytest.raises(IntegrityError, match=TRAP):
            import_stock(ul2, et2, "--batch-size", "5")
    finally:
        drop_trap()
    failed = ImportRun.objects.latest()
    assert failed.status == ImportStatus.FAILED
    assert "rien n'a été écrit" in failed.message
    assert snapshot() == before
    # What is written afterwards is still found by its words: the failed import left the full-text
    # index and its triggers as they were.
    later = structure_create(name="Compagnie Zéphyrine", commune=Territory.objects.get(id="COM-42218"))
    assert list(filter_fulltext(Structure.objects.all(), "zephyrine", fts_table=FTS_TABLE)) == [later]

    run, _ = import_stock(ul2, et2, "--batch-size", "5")
    assert run.status == ImportStatus.APPLIED
    assert run.counts["created"] == 40
    assert run.counts["updated"] == 40
    assert Structure.objects.filter(name__startswith="NOUVEAU NOM").count() == 80


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_run_leaves_the_previous_data(loire_rhone, tmp_path, monkeypatch):
    """Ctrl-C after a few batches: nothing of the run stays, the run says it failed."""
    (ul1, et1), (ul2, et2) = first_and_second_months(tmp_path)
    import_stock(ul1, et1)
    before = snapshot()
    write_batch = upsert.StructureWriter.write_batch
    calls = []

    def interrupted(self, rows):
        calls.append(len(rows))
        if len(calls) == 4:
            raise KeyboardInterrupt
        return write_batch(self, rows)

    monkeypatch.setattr(upsert.StructureWriter, "write_batch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_stock(ul2, et2, "--batch-size", "10")
    assert ImportRun.objects.latest().status == ImportStatus.FAILED
    assert snapshot() == before
    monkeypatch.setattr(upsert.StructureWriter, "write_batch", write_batch)
    run, _ = import_stock(ul2, et2, "--batch-size", "10")
    assert run.status == ImportStatus.APPLIED


def manage(database: Path, *args: str, **popen: Any) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "maillage.settings.test",
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.Popen(  # noqa: S603 (our own manage.py, with arguments from this test)
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, text=True, **popen
    )


@pytest.mark.django_db
def test_a_killed_process_leaves_the_database_intact_and_a_rerun_completes(loire_rhone, tmp_path):
    """SIGKILL in the middle of the write, on a real SQLite file: nothing stays, and a rerun imports all."""
    stock = generate_stock(rows=20_000, seed=11, output=tmp_path / "stock")
    expected = expected_selection(stock.unites_legales, stock.etablissements)
    database = tmp_path / "live.sqlite3"
    assert manage(database, "migrate", "-v0").wait(timeout=300) == 0
    files = ["--unites-legales", str(stock.unites_legales), "--etablissements", str(stock.etablissements)]

    process = manage(database, "import_sirene", *files, "--batch-size", "1", stdout=subprocess.PIPE)
    assert process.stdout is not None
    written = []
    for line in process.stdout:
        if "écrits" in line:
            written.append(line)
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    process.stdout.close()
    assert written, "the import ended before it started writing"
    assert process.returncode == -signal.SIGKILL
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM structures_structure").fetchone() == (0,)
        assert db.execute("SELECT status FROM imports_importrun").fetchall() == [("running",)]

    rerun = manage(database, "import_sirene", *files, stdout=subprocess.PIPE)
    output, _ = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, output
    with sqlite3.connect(database) as db:
        sirets = {row[0] for row in db.execute("SELECT siret FROM structures_structure")}
        statuses = db.execute("SELECT status FROM imports_importrun ORDER BY id").fetchall()
    assert sirets == expected.created
    assert statuses == [("failed",), ("applied",)]
