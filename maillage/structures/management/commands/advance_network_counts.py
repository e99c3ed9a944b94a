"""Move the network counts' horizon to today: memberships started since are kept counted, not counted live."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from maillage.structures import network_counts


class Command(BaseCommand):
    help = (
        "Avance à aujourd'hui l'horizon des adhésions aux réseaux comptées par la base (ADR 24) : les "
        "adhésions commencées depuis y sont comptées, plus à chaque recherche. Le décompte est exact "
        "sans cette commande, elle le rend moins coûteux. Relancée le même jour, elle ne fait rien."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        moved = network_counts.advance()
        day = network_counts.horizon()
        # The last line is the summary the scheduled job logs (operations.jobs, logger maillage.jobs).
        if moved:
            self.stdout.write(f"Horizon des adhésions comptées avancé au {day:%d/%m/%Y}, comptes refaits.")
        else:
            self.stdout.write(f"Horizon des adhésions comptées déjà au {day:%d/%m/%Y} : rien à faire.")
