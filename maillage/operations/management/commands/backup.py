"""Back up the database and the uploaded files into one archive, keeping the last N archives."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.operations.backups import backup_create
from maillage.operations.databases import BackupError


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données et les fichiers déposés (logos) dans une archive "
        "maillage-AAAAMMJJ-HHMMSS-….tar du dossier MAILLAGE_BACKUP_DIR, puis ne garde que les "
        "MAILLAGE_BACKUP_KEEP plus récentes. Sans arrêter le site (SQLite : API de sauvegarde en ligne ; "
        "PostgreSQL : pg_dump)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dossier",
            type=Path,
            default=None,
            help=f"dossier des sauvegardes (par défaut {settings.MAILLAGE_BACKUP_DIR})",
        )
        parser.add_argument(
            "--garder",
            type=int,
            default=None,
            help=f"nombre d'archives conservées (par défaut {settings.MAILLAGE_BACKUP_KEEP})",
        )

    def handle(self, *args: Any, dossier: Path | None, garder: int | None, **options: Any) -> None:
        try:
            result = backup_create(folder=dossier, keep=garder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for path in result.removed:
            self.stdout.write(f"Ancienne sauvegarde supprimée : {path.name}")
        rows = sum(result.tables.values())
        size = result.path.stat().st_size / 1_000_000
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde {result.path} : {len(result.tables)} tables, {rows} lignes, "
                f"{len(result.files)} fichier(s), {size:.1f} Mo."
            )
        )
