"""Back up the database and the uploaded files into one archive, and restore such an archive.

An archive is a plain tar file, `maillage-YYYYMMDD-HHMMSS-ffffff.tar`, holding `manifest.json` (engine,
date, row count of every table, list of files), the database (`database.sqlite3`, a copy made by
SQLite's online backup API, or `database.pgdump`, pg_dump's custom format), `media/…`, and one folder per
private storage a feature registered (`private/<name>/…`: files that are never served, such as the
attachments of accompaniment cases), listed in the manifest's `private` key.
"""

import io
import json
import posixpath
import re
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.utils import timezone

from maillage.operations import databases
from maillage.operations.databases import BackupError

ARCHIVE_PATTERN = re.compile(r"^maillage-\d{8}-\d{6}-\d{6}\.tar$")
FORMAT_VERSION = 1
MEDIA_PREFIX = "media/"
PRIVATE_PREFIX = "private/"

# Storages outside MEDIA_ROOT that a backup must hold too, by name; feature apps register theirs in ready().
_PRIVATE_STORAGES: dict[str, Storage] = {}


def register_backed_up_storage(name: str, storage: Storage) -> None:
    """Include `storage`'s files in every backup and restore, under `private/<name>/`."""
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", name):
        raise ValueError(f"Nom de stockage sauvegardé invalide : {name!r}")
    _PRIVATE_STORAGES[name] = storage


@dataclass(frozen=True)
class BackupResult:
    path: Path
    tables: dict[str, int]
    files: list[str]
    removed: list[Path] = field(default_factory=list)


def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Yield the name of every file in `storage`, walking its folders."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # MEDIA_ROOT not created yet: nothing uploaded
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from storage_files(storage, posixpath.join(folder, name) if folder else name)


def archives(folder: Path) -> list[Path]:
    """Return the backup archives in `folder`, oldest first (their names sort by date)."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if ARCHIVE_PATTERN.match(path.name))


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def backup_create(*, folder: Path | None = None, keep: int | None = None) -> BackupResult:
    """Write one archive of the database and uploaded files into `folder`, then keep the last `keep`."""
    folder = Path(folder or settings.MAILLAGE_BACKUP_DIR)
    keep = settings.MAILLAGE_BACKUP_KEEP if keep is None else keep
    if keep < 1:
        raise BackupError("Le nombre de sauvegardes conservées doit être d'au moins 1.")
    folder.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    final = folder / f"maillage-{now:%Y%m%d-%H%M%S-%f}.tar"
    engine = databases.engine_name(connection)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".en-cours-") as work:
        dump = Path(work) / databases.DUMP_NAMES[engine]
        tables = databases.database_dump(connection, dump)
        files = list(storage_files(default_storage))
        private = {name: list(storage_files(storage)) for name, storage in sorted(_PRIVATE_STORAGES.items())}
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "engine": engine,
            "tables": tables,
            "files": files,
            "private": private,
        }
        partial = Path(work) / "archive.tar"
        with tarfile.open(partial, "w") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(dump, arcname=dump.name)
            for name in files:
                with default_storage.open(name, "rb") as uploaded:
                    _add_bytes(archive, MEDIA_PREFIX + name, uploaded.read())
            for storage_name, names in private.items():
                for name in names:
                    with _PRIVATE_STORAGES[storage_name].open(name, "rb") as kept:
                        _add_bytes(archive, f"{PRIVATE_PREFIX}{storage_name}/{name}", kept.read())
        partial.chmod(0o600)
        # Renamed only once complete: a crash never leaves a half archive that looks like a backup.
        partial.replace(final)
    existing = archives(folder)
    removed = existing[: max(0, len(existing) - keep)]
    for path in removed:
        path.unlink()
    return BackupResult(path=final, tables=tables, files=files, removed=removed)


def manifest_read(path: Path) -> dict[str, Any]:
    """Return the manifest of the archive at `path`, or raise BackupError if it is not one."""
    try:
        with tarfile.open(path, "r") as archive:
            member = archive.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            manifest: dict[str, Any] = json.load(member)
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{path} n'est pas une sauvegarde de maillage lisible ({error}).") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{path} : format de sauvegarde {manifest.get('format')!r} inconnu.")
    return manifest


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    tables: dict[str, int]
    files: list[str]


def _restore_files(
    archive: tarfile.TarFile, path: Path, storage: Storage, prefix: str, names: list[str]
) -> None:
    """Replace every file of `storage` by the archive's files under `prefix`."""
    for name in list(storage_files(storage)):
        storage.delete(name)
    for name in names:
        member = archive.extractfile(prefix + name)
        if member is None:
            raise BackupError(f"{path} : le fichier {name} manque à l'archive.")
        saved = storage.save(name, ContentFile(member.read()))
        if saved != name:
            raise BackupError(f"Le fichier {name} a été restauré sous un autre nom : {saved}.")


def backup_restore(*, path: Path) -> RestoreResult:
    """Replace the database and the uploaded files by the archive's, then check every table's count."""
    manifest = manifest_read(path)
    engine = databases.engine_name(connection)
    if manifest["engine"] != engine:
        raise BackupError(
            f"Cette sauvegarde vient d'une base {manifest['engine']} ; la base configurée est {engine}."
        )
    with tempfile.TemporaryDirectory(prefix="maillage-restauration-") as work, tarfile.open(path) as archive:
        archive.extract(databases.DUMP_NAMES[engine], work, filter="data")
        databases.database_load(connection, Path(work) / databases.DUMP_NAMES[engine], manifest["tables"])
        _restore_files(archive, path, default_storage, MEDIA_PREFIX, manifest["files"])
        # An archive written before a storage was registered holds none of its files: it is emptied too,
        # as the database it goes with names none of them.
        private = manifest.get("private", {})
        for storage_name, storage in sorted(_PRIVATE_STORAGES.items()):
            prefix = f"{PRIVATE_PREFIX}{storage_name}/"
            _restore_files(archive, path, storage, prefix, private.get(storage_name, []))
    tables = databases.table_counts(connection)
    if tables != manifest["tables"]:
        differing = sorted(
            name
            for name in set(tables) | set(manifest["tables"])
            if tables.get(name) != manifest["tables"].get(name)
        )
        raise BackupError(
            f"Restauration incomplète : tables différentes de la sauvegarde : {', '.join(differing)}."
        )
    return RestoreResult(path=path, tables=tables, files=manifest["files"])
