"""Erase the registrants' personal data some time after their event."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from maillage.events.registrations import registrations_erase_past


class Command(BaseCommand):
    help = (
        "Efface nom, courriel et structure des inscrits aux événements terminés depuis plus de "
        "EVENT_REGISTRATIONS_KEPT_DAYS jours (30 par défaut) ; les nombres d'inscrits restent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jours", type=int, default=None, help="délai après la fin de l'événement")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["jours"]
        if days is None:
            days = getattr(settings, "EVENT_REGISTRATIONS_KEPT_DAYS", 30)
        count = registrations_erase_past(after_days=days)
        self.stdout.write(f"{count} inscription(s) effacée(s).")
