"""Import the cultural establishments of the ESS from INSEE's SIRENE stock files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.concurrency.locks import IMPORTS, exclusive_command
from maillage.imports.models import ImportStatus
from maillage.imports.sirene.importer import SireneImportConfig, import_sirene
from maillage.imports.sirene.reader import DEFAULT_MEMORY_LIMIT, DEFAULT_THREADS, SireneFileError
from maillage.imports.sirene.selection import Selection, parse_naf_option
from maillage.imports.sirene.summary import summary_lines


class Command(BaseCommand):
    help = (
        "Importe les établissements culturels de l'ESS depuis les fichiers stock SIRENE de l'INSEE "
        "(StockUniteLegale et StockEtablissement, CSV, CSV zippé ou Parquet). Tout ou rien : un import "
        "interrompu laisse l'annuaire intact. Refuse un import qui retient moins de 98 % des établissements "
        "du précédent, sauf --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--unites-legales", required=True, type=Path, help="StockUniteLegale (.csv, .zip, .parquet)"
        )
        parser.add_argument(
            "--etablissements", required=True, type=Path, help="StockEtablissement (.csv, .zip, .parquet)"
        )
        parser.add_argument("--dry-run", action="store_true", help="Tout calculer, ne rien écrire.")
        parser.add_argument("--force", action="store_true", help="Appliquer malgré le garde-fou des 98 %%.")
        parser.add_argument(
            "--naf",
            help="Codes NAF retenus, séparés par des virgules ; « culture » désigne la liste par défaut "
            "(ex. --naf culture,94.99Z).",
        )
        parser.add_argument(
            "--sans-ess-flag",
            action="store_true",
            help="Ignorer l'indicateur ESS de SIRENE : l'ESS par la seule catégorie juridique.",
        )
        parser.add_argument("--batch-size", type=int, default=2000, help="Établissements écrits par lot.")
        parser.add_argument(
            "--memory-limit", default=DEFAULT_MEMORY_LIMIT, help="Mémoire de DuckDB (ex. 2GB)."
        )
        parser.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="Fils de DuckDB.")
        parser.add_argument(
            "--temp-dir", type=Path, help="Dossier de travail (dézippage, débordement de DuckDB)."
        )

    @exclusive_command(IMPORTS)
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            naf_codes = parse_naf_option(options["naf"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["batch_size"] < 1:
            raise CommandError("--batch-size doit être positif.")
        config = SireneImportConfig(
            unites_legales=options["unites_legales"],
            etablissements=options["etablissements"],
            selection=Selection(naf_codes=naf_codes, use_ess_flag=not options["sans_ess_flag"]),
            dry_run=options["dry_run"],
            force=options["force"],
            batch_size=options["batch_size"],
            memory_limit=options["memory_limit"],
            threads=options["threads"],
            temp_dir=options["temp_dir"],
        )
        try:
            run = import_sirene(config, say=self._say)
        except SireneFileError as error:
            raise CommandError(str(error)) from error
        for line in summary_lines(run):
            self.stdout.write(line)
        if run.status == ImportStatus.REFUSED:
            raise CommandError(run.message)

    def _say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()  # progress must show at once, even through a pipe
