"""The scheduled jobs of an instance, declared once: the runner and the systemd timers read this list."""

import io
import logging
import time
from dataclasses import dataclass

from django.core.management import call_command, get_commands

logger = logging.getLogger("maillage.jobs")


@dataclass(frozen=True)
class ScheduledJob:
    """One recurring job: a management command, its arguments and when systemd starts it."""

    name: str
    command: str
    description: str
    # systemd's OnCalendar syntax (man systemd.time), in the server's time zone.
    on_calendar: str
    args: tuple[str, ...] = ()


# Jobs name commands, never import them: operations stays below every app whose work it schedules.
# Each command is idempotent: run twice, it does nothing more the second time (the backup adds one
# archive and prunes to the retention count).
JOBS: tuple[ScheduledJob, ...] = (
    ScheduledJob(
        name="backup",
        command="backup",
        description="sauvegarde de la base et des fichiers déposés",
        on_calendar="*-*-* 02:30:00",
    ),
    ScheduledJob(
        name="purge-login-attempts",
        command="purge_login_attempts",
        description="suppression des tentatives de connexion anciennes",
        on_calendar="*-*-* 03:30:00",
    ),
    ScheduledJob(
        name="prune-snapshots",
        command="prune_snapshots",
        description="rétention des instantanés d'indicateurs",
        on_calendar="Sun *-*-* 04:00:00",
    ),
    ScheduledJob(
        name="remind-stale-structures",
        command="remind_stale_structures",
        description="rappel des fiches à confirmer",
        on_calendar="*-*-* 09:00:00",
    ),
    ScheduledJob(
        name="send-alerts-daily",
        command="send_alerts",
        description="envoi des alertes quotidiennes",
        on_calendar="*-*-* 07:00:00",
        args=("--frequency", "daily"),
    ),
    ScheduledJob(
        name="send-alerts-weekly",
        command="send_alerts",
        description="envoi des alertes hebdomadaires",
        on_calendar="Mon *-*-* 07:30:00",
        args=("--frequency", "weekly"),
    ),
    ScheduledJob(
        name="check-links",
        command="check_links",
        description="vérification des liens externes",
        on_calendar="*-*-* *:20:00",
        # Bounded: links are probed one after the other (10 s timeout), and a directory of 200,000 web sites
        # must not turn an hourly run into one that lasts a day. 300 an hour rechecks 7,200 links a day.
        args=("--limit", "300"),
    ),
    ScheduledJob(
        name="remind-event-registrants",
        command="remind_event_registrants",
        description="rappel aux inscrits des événements proches",
        on_calendar="*-*-* 08:00:00",
    ),
    ScheduledJob(
        name="erase-event-registrations",
        command="erase_event_registrations",
        description="effacement des inscrits aux événements passés",
        on_calendar="*-*-* 03:45:00",
    ),
    ScheduledJob(
        name="publish-opendata",
        command="publish_opendata",
        description="publication quotidienne des données ouvertes (par le travailleur de tâches)",
        on_calendar="*-*-* 05:00:00",
        args=("--background",),
    ),
    ScheduledJob(
        name="advance-network-counts",
        command="advance_network_counts",
        description="avancée de l'horizon des adhésions comptées",
        on_calendar="*-*-* 00:10:00",
    ),
    ScheduledJob(
        name="recompute-quality",
        command="quality_recompute",
        description="recalcul des scores de qualité (fraîcheur et liens cassés changent avec le temps)",
        on_calendar="*-*-* 04:30:00",
    ),
    ScheduledJob(
        name="analyze-database",
        command="analyze_database",
        description="statistiques du planificateur de requêtes (SQLite n'a pas d'autovacuum)",
        on_calendar="*-*-* 04:45:00",
    ),
    ScheduledJob(
        name="send-checkpoint-digest",
        command="send_checkpoint_digest",
        description="envoi mensuel des points de suivi d'accompagnement (par le travailleur de tâches)",
        on_calendar="*-*-01 07:00:00",
    ),
)


def job_by_name(name: str) -> ScheduledJob:
    """Return the job called `name`, or raise KeyError listing the known names."""
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(f"tâche planifiée inconnue : {name} (connues : {', '.join(j.name for j in JOBS)})")


@dataclass(frozen=True)
class JobResult:
    job: ScheduledJob
    ok: bool
    seconds: float
    summary: str


def job_run(job: ScheduledJob) -> JobResult:
    """Run `job`'s command and log one summary line (logger `maillage.jobs`), whatever the outcome."""
    started = time.monotonic()
    output = io.StringIO()
    try:
        if job.command not in get_commands():
            raise LookupError(f"la commande {job.command} n'existe pas")
        call_command(job.command, *job.args, stdout=output, stderr=output)
    # A failed job is reported in its summary line and the exit status, never left as a traceback only.
    except (Exception, SystemExit) as error:
        seconds = time.monotonic() - started
        summary = f"{type(error).__name__}: {error}"
        logger.error("job=%s status=error duration=%.1fs %s", job.name, seconds, summary)
        return JobResult(job=job, ok=False, seconds=seconds, summary=summary)
    seconds = time.monotonic() - started
    lines = [line.strip() for line in output.getvalue().splitlines() if line.strip()]
    # Commands end with their own summary (« 3 courriel(s) envoyés… »): that is the line kept.
    summary = lines[-1] if lines else "rien à signaler"
    logger.info("job=%s status=ok duration=%.1fs %s", job.name, seconds, summary)
    return JobResult(job=job, ok=True, seconds=seconds, summary=summary)
