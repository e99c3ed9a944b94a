"""Import events from a file in OpenAgenda's format, all or nothing, with a line per event."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.events.openagenda import import_openagenda


class Command(BaseCommand):
    help = (
        "Importe des événements au format OpenAgenda (JSON : liste « events ») : tout ou rien, une ligne de "
        "compte rendu par événement ; un événement déjà importé est mis à jour."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fichier", help="fichier JSON au format OpenAgenda")
        parser.add_argument("--dry-run", action="store_true", help="affiche le compte rendu sans rien écrire")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = json.loads(Path(options["fichier"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Fichier illisible : {error}") from error
        report = import_openagenda(data, actor=None, dry_run=options["dry_run"])
        for line in report.lines():
            self.stdout.write(line)
        if report.refused:
            raise CommandError("Import refusé : corrigez les lignes signalées.")
