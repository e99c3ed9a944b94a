"""E-mail managers the structures whose records nobody confirmed for too long."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.history.reminders import stale_reminders_send


class Command(BaseCommand):
    help = (
        "Écrit aux gestionnaires des structures dont la fiche n'a pas été confirmée depuis le délai "
        "configuré (STRUCTURE_CONFIRMATION_REMINDER_DAYS) : un courriel par personne, listant ses "
        "structures, au plus une fois par délai et par structure. Idempotent : relancée, elle n'écrit "
        "qu'aux structures pas encore relancées."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.STRUCTURE_CONFIRMATION_REMINDER_DAYS,
            help="délai, en jours, au-delà duquel une fiche est à confirmer",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="affiche ce qui serait envoyé, sans envoyer"
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", ""),
            help="adresse du site pour les liens des courriels (par exemple https://maillage.example.org)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 1:
            raise CommandError("--days doit être un nombre de jours positif.")
        run = stale_reminders_send(days=days, base_url=options["base_url"], dry_run=options["dry_run"])
        for user, structures in run.by_manager.items():
            names = ", ".join(s.name for s in structures)
            self.stdout.write(f"{user.email} : {len(structures)} fiche(s) — {names}")
        verb = "seraient envoyés" if run.dry_run else "envoyés"
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(run.by_manager)} courriel(s) {verb} pour {len(run.structures)} fiche(s) "
                f"non confirmée(s) depuis {days} jours."
            )
        )
