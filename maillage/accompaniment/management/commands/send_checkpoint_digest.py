"""Queue the monthly digest of follow-up checkpoints for the background worker (to schedule monthly)."""

from typing import Any

from django.core.management.base import BaseCommand

from maillage.accompaniment.tasks import checkpoint_digest_task


class Command(BaseCommand):
    help = "Met en file l'envoi, à chaque chargé·e d'accompagnement, des points de suivi à faire ce mois-ci."

    def handle(self, *args: Any, **options: Any) -> None:
        result = checkpoint_digest_task.enqueue()
        self.stdout.write(f"Envoi mis en file ({result.id}).")
