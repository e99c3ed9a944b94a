"""Compute the observatory's indicators for every territory into a new dated snapshot."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.concurrency.locks import INDICATORS, exclusive_command
from maillage.observatory.compute import STRATEGIES, ComputeError, snapshot_compute
from maillage.territories.selectors import canonical_id


class Command(BaseCommand):
    help = (
        "Calcule les indicateurs de l'observatoire pour tous les territoires (communes, EPCI, départements, "
        "régions, territoires de projet, France) dans un nouvel instantané daté ; les instantanés "
        "précédents sont conservés. Tout ou rien : un calcul qui échoue n'écrit rien."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Tout calculer, ne rien écrire.")
        parser.add_argument(
            "--territory",
            metavar="ID",
            help="Calcul partiel : ce territoire et ceux qui partagent ses communes (ses parents, ses "
            "subdivisions) ; les autres valeurs sont recopiées du dernier instantané.",
        )
        parser.add_argument(
            "--incremental",
            action="store_true",
            help="Ne recalculer que les territoires dont une commune a changé depuis le dernier instantané.",
        )
        parser.add_argument("--label", default="", help="Libellé de l'instantané.")
        parser.add_argument(
            "--strategy", choices=STRATEGIES, default="sql", help="Agrégation en SQL (défaut) ou en Python."
        )

    @exclusive_command(INDICATORS, what="Un calcul des indicateurs")
    def handle(self, *args: Any, **options: Any) -> None:
        territory = canonical_id(options["territory"]) if options["territory"] else None
        try:
            result = snapshot_compute(
                label=options["label"],
                trigger="calcul manuel" if territory is None else f"calcul partiel {territory}",
                territory_id=territory,
                incremental=options["incremental"],
                dry_run=options["dry_run"],
                strategy=options["strategy"],
                progress=self._say,
            )
        except ComputeError as error:
            raise CommandError(str(error)) from error
        for line in result.lines():
            self.stdout.write(line)

    def _say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
