"""Create or replace a project territory (PNR, Pays, …) from a CSV file of INSEE commune codes."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.territories.enums import ProjectKind
from maillage.territories.services import ProjectTerritoryError, project_territory_import_csv


class Command(BaseCommand):
    help = (
        "Crée un territoire de projet à partir d'un CSV de codes INSEE (une colonne « code_insee » ou la "
        "première colonne). Un fichier avec une seule ligne fautive n'écrit rien ; le rapport donne la ligne."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fichier", type=Path, help="CSV de codes INSEE")
        parser.add_argument("--nom", required=True, help="nom du territoire, ex. « PNR du Pilat »")
        parser.add_argument("--type", default=ProjectKind.AUTRE, choices=ProjectKind.values, dest="kind")
        parser.add_argument("--description", default="")
        parser.add_argument("--remplacer", action="store_true", help="remplace un territoire du même nom")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["fichier"]
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError as error:
            raise CommandError(f"Fichier introuvable : {path}") from error
        except UnicodeDecodeError:
            text = path.read_bytes().decode("cp1252")
        try:
            report = project_territory_import_csv(
                name=options["nom"],
                kind=options["kind"],
                csv_text=text,
                description=options["description"],
                replace=options["remplacer"],
            )
        except ProjectTerritoryError as error:
            raise CommandError(str(error)) from error
        for issue in report.fixed:
            self.stdout.write(f"corrigé — {issue}")
        if not report.ok:
            for issue in report.errors:
                self.stderr.write(f"rejeté — {issue}")
            raise CommandError(f"{len(report.errors)} ligne(s) en erreur : rien n'a été écrit.")
        assert report.territory is not None  # noqa: S101 (an ok report carries its territory)
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.territory.id} : {report.communes} communes ({len(report.fixed)} corrigées)."
            )
        )
