"""Delete the login attempts older than the retention period (personal data: address typed, IP)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from maillage.accounts.lockout import login_attempts_purge


class Command(BaseCommand):
    help = "Supprime les tentatives de connexion plus anciennes que la durée de conservation (30 jours)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=settings.ACCOUNTS_LOGIN_ATTEMPTS_RETENTION_DAYS,
            help="Âge, en jours, au-delà duquel une tentative est supprimée.",
        )

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        if days < 1:
            self.stderr.write("La durée doit être d'au moins un jour.")
            raise SystemExit(2)
        deleted = login_attempts_purge(older_than_days=days)
        self.stdout.write(f"{deleted} tentative(s) de connexion de plus de {days} jours supprimée(s).")
