"""Mail a reminder to the people with a seat at an event starting soon."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from maillage.events.registrations import registrations_remind


class Command(BaseCommand):
    help = "Envoie un rappel aux personnes inscrites à un événement qui commence bientôt (une seule fois)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--jours", type=int, default=2, help="événements commençant d'ici ce nombre de jours"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = registrations_remind(within_days=options["jours"])
        self.stdout.write(f"{count} rappel(s) d'événement envoyé(s).")
