"""Publish the day's open data files (scheduled: job « publish-opendata », through the task worker)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.concurrency.locks import LockHeldError
from maillage.opendata.publication import publish_opendata
from maillage.opendata.registry import datasets
from maillage.opendata.tasks import publish_opendata_task


class Command(BaseCommand):
    help = (
        "Écrit, valide et publie les fichiers de données ouvertes du jour ; un fichier invalide n'est pas "
        "publié (celui de la veille reste en ligne) et l'équipe est prévenue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only", metavar="NOM", action="append", default=[], help="ne publie que ce jeu (répétable)"
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="confie la publication au travailleur de tâches (db_worker) au lieu de la faire ici",
        )

    def handle(self, *args: Any, only: list[str], background: bool, **options: Any) -> None:
        known = {dataset.name for dataset in datasets()}
        unknown = [name for name in only if name not in known]
        if unknown:
            raise CommandError(
                f"jeu de données inconnu : {', '.join(unknown)} (connus : {', '.join(sorted(known))})"
            )
        if background:
            result = publish_opendata_task.enqueue(only=",".join(only))
            self.stdout.write(f"Publication des données ouvertes confiée au travailleur (tâche {result.id}).")
            return
        try:
            summary = publish_opendata(only=only or None)
        except LockHeldError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(summary))
