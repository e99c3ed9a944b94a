"""Send the alerts' digests (scheduled: jobs « send-alerts-daily » and « send-alerts-weekly »)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.alerts.digests import send_digests
from maillage.alerts.models import Frequency
from maillage.concurrency.locks import LockHeldError


class Command(BaseCommand):
    help = "Envoie à chaque adresse le résumé de ses alertes confirmées (un seul courriel par adresse)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--frequency",
            choices=Frequency.values,
            required=True,
            help="Alertes quotidiennes ou hebdomadaires.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = send_digests(frequency=options["frequency"])
        except LockHeldError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(summary))
