"""Load or update the reference dataset drawn from the founding documents."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.concurrency.locks import IMPORTS, exclusive_command
from maillage.structures.changes import directory_changed
from maillage.structures.reference.extensions import run_extensions
from maillage.structures.reference.loader import ReferenceDataError, ReferenceLoader, default_reference_data


class Command(BaseCommand):
    help = (
        "Charge le jeu de référence tiré des documents fondateurs (signataires de la convention du "
        "13 janvier 2015, Culture et Coopération et ses membres, réseaux et organismes cités) avec leurs "
        "relations et chiffres clés. Idempotent : une deuxième exécution ne crée rien."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="calcule et affiche le résumé sans rien écrire"
        )

    @exclusive_command(IMPORTS)
    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            loader = ReferenceLoader(
                default_reference_data(), progress=lambda message: self.stdout.write(message)
            )
            summary = loader.run(dry_run=options["dry_run"])
        except ReferenceDataError as error:
            raise CommandError(str(error)) from error
        for line in [*summary.lines(), *run_extensions(dry_run=options["dry_run"])]:
            self.stdout.write(line)
        # A rerun that changed nothing (every `make run`) tells listeners so: the observatory then adds no
        # snapshot, and its history stays meaningful.
        if not options["dry_run"]:
            directory_changed(
                trigger="jeu de référence",
                label="Après le chargement du jeu de référence",
                changed=summary.changed,
                say=lambda message: self.stdout.write(message),
            )
        self.stdout.write(self.style.SUCCESS(f"Terminé en {time.monotonic() - started:.1f} s."))
