"""Recompute every record's quality score (structures, and every model a feature app scores)."""

from typing import Any

from django.core.management.base import BaseCommand

from maillage.quality.services import score_refresh_all


class Command(BaseCommand):
    help = "Recalcule le score de qualité de toutes les fiches (structures et autres modèles notés)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = score_refresh_all(
            say=lambda line: self.stdout.write(line) if options["verbosity"] > 1 else None
        )
        for label, count in counts.items():
            self.stdout.write(f"{label} : {count} scores recalculés.")
