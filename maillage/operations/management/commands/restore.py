"""Replace the database and the uploaded files by those of a backup archive."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.operations.backups import archives, backup_restore, manifest_read
from maillage.operations.databases import BackupError


class Command(BaseCommand):
    help = (
        "Remplace la base de données et les fichiers déposés par ceux d'une sauvegarde (la plus récente "
        "de MAILLAGE_BACKUP_DIR si aucune n'est donnée), puis vérifie le nombre de lignes de chaque "
        "table. Arrêtez le site et le travailleur de tâches avant."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", nargs="?", type=Path, help="archive maillage-….tar à restaurer")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="ne demande pas de confirmation",
        )

    def handle(self, *args: Any, archive: Path | None, interactive: bool, **options: Any) -> None:
        if archive is None:
            found = archives(Path(settings.MAILLAGE_BACKUP_DIR))
            if not found:
                raise CommandError(f"Aucune sauvegarde dans {settings.MAILLAGE_BACKUP_DIR}.")
            archive = found[-1]
        try:
            manifest = manifest_read(archive)
            if interactive:
                answer = input(
                    f"La base et les fichiers déposés actuels seront remplacés par la sauvegarde du "
                    f"{manifest['created_at']} ({archive.name}). Tapez « oui » pour continuer : "
                )
                if answer.strip().lower() != "oui":
                    raise CommandError("Restauration annulée.")
            result = backup_restore(path=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restauré depuis {archive.name} : {len(result.tables)} tables, "
                f"{sum(result.tables.values())} lignes, {len(result.files)} fichier(s). "
                "Lancez ensuite `manage.py migrate` si le code est plus récent que la sauvegarde."
            )
        )
