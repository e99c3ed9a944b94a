"""Run the scheduled jobs (all, or one with --only), or write their systemd units."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.operations.jobs import JOBS, job_by_name, job_run
from maillage.operations.units import units_write


class Command(BaseCommand):
    help = (
        "Lance les tâches planifiées déclarées dans maillage/operations/jobs.py (toutes, ou une seule "
        "avec --only) et journalise une ligne de bilan par tâche (journal maillage.jobs)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--only", metavar="NOM", help="ne lance que cette tâche")
        parser.add_argument(
            "--list", dest="show_list", action="store_true", help="liste les tâches et leur calendrier"
        )
        parser.add_argument(
            "--write-units",
            metavar="DOSSIER",
            type=Path,
            help="écrit les services et minuteries systemd des tâches dans ce dossier (deploy/)",
        )

    def handle(
        self, *args: Any, only: str | None, show_list: bool, write_units: Path | None, **options: Any
    ) -> None:
        if show_list:
            for job in JOBS:
                self.stdout.write(
                    f"{job.name}\t{job.on_calendar}\tmanage.py {job.command} — {job.description}"
                )
            return
        if write_units is not None:
            for path in units_write(folder=write_units):
                self.stdout.write(str(path))
            return
        try:
            jobs = [job_by_name(only)] if only else [*JOBS]
        except KeyError as error:
            raise CommandError(error.args[0]) from None
        failed = []
        for job in jobs:
            result = job_run(job)
            self.stdout.write(f"{job.name} : {'ok' if result.ok else 'échec'} — {result.summary}")
            if not result.ok:
                failed.append(job.name)
        if failed:
            raise CommandError(f"tâche(s) en échec : {', '.join(failed)}")
