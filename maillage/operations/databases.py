"""Copy a whole database to a file and back, for SQLite and PostgreSQL, with every table's row count."""

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Internal SQLite tables (sqlite_sequence, sqlite_stat1) follow their database; they are not counted.
SQLITE_TABLES = (
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
)


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message says why, in French."""


def engine_name(connection: BaseDatabaseWrapper) -> str:
    """Return "sqlite" or "postgresql", or refuse another database."""
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Sauvegarde impossible : base {connection.vendor} non prise en charge.")
    return connection.vendor


def _outside_transaction(connection: BaseDatabaseWrapper) -> None:
    if connection.in_atomic_block:
        raise BackupError("La sauvegarde et la restauration se lancent hors de toute transaction.")


def _sqlite_counts(raw: sqlite3.Connection) -> dict[str, int]:
    names = [row[0] for row in raw.execute(SQLITE_TABLES)]
    return {
        name: raw.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608 (names from the catalogue)
        for name in sorted(names)
    }


def _postgresql_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608 (catalogue)
            counts[name] = cursor.fetchone()[0]
    return counts


def table_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Return the row count of every table of the database, by table name."""
    if engine_name(connection) == "sqlite":
        connection.ensure_connection()
        return _sqlite_counts(connection.connection)
    return _postgresql_counts(connection)


def _postgresql_tool(name: str) -> str:
    folder = settings.MAILLAGE_PG_BIN_DIR
    return str(Path(folder) / name) if folder else name


def _postgresql_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """Return the libpq variables that reach the same database as Django's connection."""
    options = settings_dict.get("OPTIONS") or {}
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
        "PGPASSFILE": options.get("passfile"),
        "PGSERVICE": options.get("service"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _run(args: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False, timeout=24 * 3600)  # noqa: S603 (our own arguments, no shell)
    except FileNotFoundError as error:
        raise BackupError(
            f"{args[0]} introuvable : installez le client PostgreSQL de la version du serveur "
            "(postgresql-client-15) ou indiquez son dossier dans MAILLAGE_PG_BIN_DIR."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} a échoué : {result.stderr.strip()}")


def database_dump(connection: BaseDatabaseWrapper, path: Path) -> dict[str, int]:
    """Copy the whole database into the file `path`; return the row counts of that very copy."""
    _outside_transaction(connection)
    if engine_name(connection) == "sqlite":
        connection.ensure_connection()
        # The online backup API copies a consistent state while the site keeps reading and writing.
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
            return _sqlite_counts(target)
        finally:
            target.close()
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # pg_dump reads the snapshot the counts were taken in: the manifest describes the dump exactly.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _postgresql_counts(connection)
        _run(
            [
                _postgresql_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={path}",
            ],
            _postgresql_environment(connection.settings_dict),
        )
    return counts


def database_load(connection: BaseDatabaseWrapper, path: Path, tables: dict[str, int]) -> None:
    """Replace the whole database by the copy in `path` (made by database_dump, holding `tables`)."""
    _outside_transaction(connection)
    if engine_name(connection) == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            # Page by page into the live connection: schema, data, indexes and full-text tables alike.
            source.backup(connection.connection)
        finally:
            source.close()
        return
    # Tables the copy does not hold (made by later migrations) go too: `migrate` then remakes them.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for name in sorted(set(connection.introspection.table_names(cursor)) - set(tables)):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(name)} CASCADE")
    _run(
        [
            _postgresql_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ],
        _postgresql_environment(connection.settings_dict),
    )
