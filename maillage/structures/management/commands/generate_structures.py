"""Generate a realistic, reproducible directory of structures (benchmarks, demonstrations)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import ProtectedError

from maillage.structures.generated import GENERATED_LABEL, delete_generated_structures
from maillage.structures.generator import generate_structures
from maillage.structures.generator_french import grouped
from maillage.structures.generator_rows import DEFAULT_BATCH, GenerationError


class Command(BaseCommand):
    help = (
        "Génère des structures fictives mais vraisemblables, placées dans les communes du référentiel au "
        "prorata de leur population, pour mesurer la recherche ou faire une démonstration. Même graine, "
        f"mêmes structures. Elles portent la source « {GENERATED_LABEL} » et aucun SIRET ; "
        "--delete les supprime."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, help="nombre de structures à générer")
        parser.add_argument("--seed", type=int, default=None, help="graine du tirage (1 par défaut)")
        parser.add_argument(
            "--batch", type=int, default=DEFAULT_BATCH, help=f"taille des lots insérés ({DEFAULT_BATCH})"
        )
        parser.add_argument(
            "--delete",
            action="store_true",
            help=(
                "supprime les structures générées (toutes, ou celles de --seed) avec leurs liens ; "
                "avec --count, génère ensuite"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count: int | None = options["count"]
        seed: int | None = options["seed"]
        if seed is not None and not 0 <= seed < 10**9:
            raise CommandError("La graine est un entier de 0 à 999 999 999.")
        if count is None and not options["delete"]:
            raise CommandError("Indiquez --count N (ou --delete pour supprimer les structures générées).")
        if options["delete"]:
            try:
                deleted = delete_generated_structures(seed=seed)
            except ProtectedError as error:
                raise CommandError(
                    "Des structures réelles sont rattachées à des structures générées : "
                    "détachez-les avant de supprimer le jeu généré."
                ) from error
            which = f"de la graine {seed}" if seed is not None else "toutes graines confondues"
            self.stdout.write(f"Structures générées supprimées ({which}) : {grouped(deleted)}")
        if count is None:
            return
        self.stdout.write(f"Génération de {grouped(count)} structures…")
        try:
            summary = generate_structures(
                count=count,
                seed=1 if seed is None else seed,
                batch=options["batch"],
                progress=self.stdout.write,
            )
        except GenerationError as error:
            raise CommandError(str(error)) from error
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Terminé."))
