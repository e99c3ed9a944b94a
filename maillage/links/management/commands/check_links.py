"""Check the outside links the registered sources watch (scheduled: job « check-links »)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.concurrency.locks import LockHeldError
from maillage.links.services import check_links


class Command(BaseCommand):
    help = "Vérifie les liens externes dus (au plus une requête par seconde et par serveur)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=None, help="Nombre maximal de liens vérifiés.")
        parser.add_argument("--timeout", type=float, default=10.0, help="Délai de réponse, en secondes.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = check_links(limit=options["limit"], timeout=options["timeout"])
        except LockHeldError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(summary))
