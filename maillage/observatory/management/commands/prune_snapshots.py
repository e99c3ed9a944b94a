"""Delete the observatory's snapshots outside the retention: every yearly one and the last N others stay."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.observatory.retention import snapshots_prune


class Command(BaseCommand):
    help = (
        "Supprime les instantanés des indicateurs hors de la règle de conservation : le dernier "
        "instantané de chaque année civile est toujours gardé, ainsi que les N derniers autres "
        "(MAILLAGE_SNAPSHOT_KEEP, 12 par défaut), avec leurs valeurs et leurs diagnostics PDF. "
        "Relancer la commande ne supprime rien de plus."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Dire ce qui serait supprimé, sans rien supprimer."
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="Nombre d'instantanés non annuels à garder (par défaut : MAILLAGE_SNAPSHOT_KEEP).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        keep = settings.OBSERVATORY_SNAPSHOT_KEEP if options["keep"] is None else options["keep"]
        if keep < 0:
            raise CommandError("--keep est un nombre entier positif ou nul.")
        dry_run = bool(options["dry_run"])
        retention = snapshots_prune(keep=keep, dry_run=dry_run)
        verb = "seraient supprimés" if dry_run else "supprimés"
        # The last line is the summary the scheduled job logs (operations.jobs, logger maillage.jobs).
        self.stdout.write(
            f"Instantanés gardés : {len(retention.yearly)} annuels et {len(retention.recent)} récents"
            + (f" (et {len(retention.shared)} dont ils partagent les valeurs)" if retention.shared else "")
            + " ; "
            f"{verb} : {len(retention.deleted)} ({retention.values_deleted} valeurs, "
            f"{retention.files_deleted} diagnostics PDF)."
        )
