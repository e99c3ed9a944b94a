"""Write a fictitious SIRENE stock in INSEE's exact format, placed in the communes of the referential."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.imports.sirene.generator import generate_stock


class Command(BaseCommand):
    help = (
        "Écrit un stock SIRENE fictif (StockUniteLegale, 35 colonnes ; StockEtablissement, 54 colonnes) "
        "au format exact de l'INSEE, avec les distributions et les défauts des vrais fichiers. Toujours "
        "le même pour une même graine ; en flux, à toute taille."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, required=True, help="Nombre d'établissements.")
        parser.add_argument("--seed", type=int, default=0, help="Graine : même graine, mêmes fichiers.")
        parser.add_argument("--output", type=Path, required=True, help="Dossier où écrire les deux fichiers.")
        parser.add_argument("--format", choices=["csv", "parquet"], default="csv")
        parser.add_argument("--zip", action="store_true", help="Zipper les CSV, comme l'INSEE les publie.")
        parser.add_argument("--memory-limit", default="2GB", help="Mémoire de DuckDB (ex. 2GB).")

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        try:
            stock = generate_stock(
                rows=options["rows"],
                seed=options["seed"],
                output=options["output"],
                file_format=options["format"],
                zipped=options["zip"],
                memory_limit=options["memory_limit"],
                progress=self._say,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - start
        self.stdout.write(
            f"{stock.establishments:_} établissements de {stock.units:_} unités légales dans "
            f"{stock.communes:_} communes, en {elapsed:.1f} s :".replace("_", " ")
        )
        self.stdout.write(f"  {stock.unites_legales}")
        self.stdout.write(f"  {stock.etablissements}")

    def _say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
