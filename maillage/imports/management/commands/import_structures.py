"""Import the structures of a network's own file (CSV or Excel), with a row-level report."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.concurrency.locks import IMPORTS, exclusive_command
from maillage.imports.models import ColumnMapping
from maillage.imports.networks.columns import MappingError, load_mapping
from maillage.imports.networks.importer import NetworkFileError, network_file_import

# Rows not ok printed after the summary; the full list goes to --report.
SHOWN_ROWS = 30


class Command(BaseCommand):
    help = (
        "Importe les structures d'un fichier de réseau (CSV ou Excel .xlsx) : encodage, séparateur, ligne "
        "d'en-tête et colonnes reconnus ; codes INSEE et postaux réparés, SIRET vérifiés ; doublons "
        "proposés, jamais fusionnés. Chaque ligne valide est importée, les autres sont rapportées avec leur "
        "numéro."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="fichier CSV ou .xlsx")
        parser.add_argument(
            "--mapping",
            help='correspondance de colonnes : fichier JSON {"en-tête": "champ"} ou nom d\'une '
            "correspondance enregistrée dans l'administration",
        )
        parser.add_argument("--dry-run", action="store_true", help="simule : aucune structure n'est écrite")
        parser.add_argument("--report", type=Path, help="écrit le rapport ligne à ligne dans ce fichier JSON")
        parser.add_argument(
            "--source-label",
            default="",
            help="nom de la source, clé des reprises du même fichier (par défaut : le nom du fichier)",
        )

    @exclusive_command(IMPORTS)
    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Fichier illisible : {path} ({error.strerror})") from error
        mapping, mapping_name = self._mapping(options["mapping"])
        try:
            result = network_file_import(
                content=content,
                file_name=path.name,
                source_label=options["source_label"],
                mapping=mapping,
                mapping_name=mapping_name,
                dry_run=options["dry_run"],
                progress=self._progress if options["verbosity"] >= 1 else None,
            )
        except NetworkFileError as error:
            raise CommandError(str(error)) from error
        report = result.report
        if options["report"]:
            options["report"].write_text(
                json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        for line in report.summary():
            self.stdout.write(line)
        problems = report.problems
        for row in problems[:SHOWN_ROWS]:
            self.stdout.write(f"  {row}")
        if len(problems) > SHOWN_ROWS:
            more = len(problems) - SHOWN_ROWS
            self.stdout.write(f"  … et {more} autres lignes (rapport complet : --report FICHIER.json)")
        style = self.style.WARNING if report.count("rejected") else self.style.SUCCESS
        self.stdout.write(style(f"Import n° {result.run.pk} : {result.run.get_status_display()}."))

    def _mapping(self, value: str | None) -> tuple[dict[str, str] | None, str]:
        if not value:
            return None, ""
        path = Path(value)
        try:
            if path.is_file():
                return load_mapping(path.read_text(encoding="utf-8-sig")), path.name
            saved = ColumnMapping.objects.filter(name=value).first()
            if saved is None:
                raise CommandError(
                    f"Correspondance introuvable : ni fichier ni correspondance enregistrée « {value} »."
                )
            return load_mapping(json.dumps(saved.mapping)), saved.name
        except MappingError as error:
            raise CommandError(str(error)) from error

    def _progress(self, done: int, total: int) -> None:
        self.stdout.write(f"  {done}/{total} lignes traitées")
