"""Import a CSV of Etalab's schema of support schemes, with a row-level report in French."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.concurrency.locks import IMPORTS, exclusive_command
from maillage.schemes.importer import import_schemes

SHOWN_ROWS = 30


class Command(BaseCommand):
    help = (
        "Importe un fichier CSV au schéma des dispositifs d'aide (Etalab 0.2.0, variante générale ou "
        "« professionnels ») : colonnes lues par leur nom, lignes validées contre le schéma officiel ; "
        "mise à jour par identifiant, changements d'un dispositif publié mis en vérification."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="fichier CSV")
        parser.add_argument("--source", default="", help="nom de la source (par défaut : le nom du fichier)")
        parser.add_argument("--dry-run", action="store_true", help="simule : rien n'est écrit")
        parser.add_argument("--report", type=Path, help="écrit le rapport ligne à ligne dans ce fichier JSON")

    @exclusive_command(IMPORTS)
    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Fichier illisible : {path} ({error.strerror})") from error
        report = import_schemes(content, source=options["source"] or path.name, dry_run=options["dry_run"])
        if options["report"]:
            options["report"].write_text(
                json.dumps(report.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8"
            )
        if report.fatal:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
        for problem in report.rejected[:SHOWN_ROWS]:
            self.stdout.write(f"  ligne {problem.line} « {problem.column} » : {problem.message}")
        for warning in report.warnings[:SHOWN_ROWS]:
            self.stdout.write(f"  {warning}")
