"""Backups that restore: archive, wipe, restore, and every table and uploaded file is back."""

import datetime as dt
import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from maillage.accounts.models import LoginAttempt
from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.observatory.models import Snapshot
from maillage.operations.backups import archives, backup_create, manifest_read, storage_files
from maillage.operations.databases import table_counts
from maillage.structures.models import Structure
from tests.accounts.factories import StructureMembershipFactory
from tests.structures.factories import KeyFigureFactory, RelationFactory

# Committed data, as on a live site: the dump is taken by another connection (pg_dump) or the backup API.
pytestmark = pytest.mark.django_db(transaction=True)

LOGO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def backup_dir(tmp_path: Path, settings: Any) -> Path:
    settings.MAILLAGE_BACKUP_DIR = tmp_path / "sauvegardes"
    settings.MAILLAGE_BACKUP_KEEP = 3
    return tmp_path / "sauvegardes"


@pytest.fixture
def instance_with_data() -> Iterator[None]:
    """Fill a few tables of every kind, and upload two files (the test storage outlives a test: emptied)."""
    for name in list(uploaded_files()):
        default_storage.delete(name)
    RelationFactory.create_batch(3)
    KeyFigureFactory.create_batch(2)
    StructureMembershipFactory.create_batch(2)
    LoginAttempt.objects.create(email="personne@example.org", ip_address="192.0.2.1")
    ImportRun.objects.create(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED, counts={"créées": 3})
    Snapshot.objects.create(
        label="Instantané",
        trigger="calcul manuel",
        taken_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        is_complete=True,
    )
    default_storage.save("logos/compagnie.png", ContentFile(LOGO))
    default_storage.save("imports/reseau.csv", ContentFile(b"nom;siret\nCompagnie;\n"))
    yield
    for name in list(uploaded_files()):
        default_storage.delete(name)


def uploaded_files() -> dict[str, bytes]:
    return {name: default_storage.open(name).read() for name in storage_files(default_storage)}


def wipe() -> None:
    """Empty every table and delete every uploaded file, as a lost disk would."""
    call_command("flush", interactive=False, verbosity=0)
    for name in list(uploaded_files()):
        default_storage.delete(name)


@pytest.mark.usefixtures("instance_with_data")
def test_backup_wipe_restore_gives_back_every_row_and_file(backup_dir: Path) -> None:
    """After a wipe, `restore` brings back the same row count in every table and the same files."""
    tables_before = table_counts(connection)
    files_before = uploaded_files()
    assert tables_before["structures_structure"] >= 6
    assert sum(tables_before.values()) > 50
    assert len(files_before) == 2

    call_command("backup", verbosity=0)
    wipe()
    assert Structure.objects.count() == 0
    assert uploaded_files() == {}

    call_command("restore", "--noinput", verbosity=0)

    assert table_counts(connection) == tables_before
    assert uploaded_files() == files_before
    assert Structure.objects.filter(relations_out__isnull=False).exists()


@pytest.mark.usefixtures("instance_with_data")
def test_the_archive_describes_what_it_holds(backup_dir: Path) -> None:
    """The archive's manifest lists the engine, each table's rows and each file; the data is inside."""
    result = backup_create()

    manifest = manifest_read(result.path)
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"] == table_counts(connection)
    assert sorted(manifest["files"]) == ["imports/reseau.csv", "logos/compagnie.png"]
    with tarfile.open(result.path) as archive:
        names = archive.getnames()
    assert {"manifest.json", "media/logos/compagnie.png", "media/imports/reseau.csv"} <= set(names)
    assert ("database.sqlite3" in names) or ("database.pgdump" in names)
    assert result.path.stat().st_mode & 0o777 == 0o600


def test_only_the_last_archives_are_kept(backup_dir: Path) -> None:
    """Each backup adds one archive and removes those beyond the retention count, oldest first."""
    made = [backup_create().path for _ in range(5)]
    assert archives(backup_dir) == made[-3:]
    (backup_dir / "notes.txt").write_text("à garder")
    backup_create(keep=1)
    assert len(archives(backup_dir)) == 1
    assert (backup_dir / "notes.txt").exists()


def test_restore_without_any_backup_says_so(backup_dir: Path) -> None:
    """With an empty backup folder, `restore` stops with a French message and changes nothing."""
    with pytest.raises(CommandError, match="Aucune sauvegarde"):
        call_command("restore", "--noinput")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    """A stray file is refused before anything is replaced."""
    stray = tmp_path / "maillage-20260101-000000-000000.tar"
    stray.write_bytes(b"pas une archive")
    with pytest.raises(CommandError, match="n'est pas une sauvegarde de maillage lisible"):
        call_command("restore", str(stray), "--noinput")


def test_restore_replaces_the_whole_database(backup_dir: Path) -> None:
    """A table made after the backup is gone once restored: a restore is not a merge."""
    call_command("backup", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE made_after_the_backup (id integer)")
    assert "made_after_the_backup" in table_counts(connection)

    call_command("restore", "--noinput", verbosity=0)

    assert "made_after_the_backup" not in table_counts(connection)


def test_restore_refuses_an_archive_of_another_database_engine(backup_dir: Path, tmp_path: Path) -> None:
    """A SQLite archive is not poured into PostgreSQL, nor the reverse: refused before any change."""
    original = backup_create().path
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    forged = tmp_path / "maillage-20260101-000000-000000.tar"
    with tarfile.open(original) as source, tarfile.open(forged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["engine"] = other
                data = json.dumps(manifest).encode()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    rows_before = table_counts(connection)

    with pytest.raises(CommandError, match=f"Cette sauvegarde vient d'une base {other}"):
        call_command("restore", str(forged), "--noinput")
    assert table_counts(connection) == rows_before
