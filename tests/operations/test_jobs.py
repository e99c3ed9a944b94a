"""Scheduled jobs: declared once, each run logging one summary line, failures reported."""

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from maillage.accounts.models import LoginAttempt
from maillage.operations.jobs import JOBS, ScheduledJob, job_run

pytestmark = pytest.mark.django_db


def job_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "maillage.jobs"]


def test_a_job_logs_one_summary_line_and_is_idempotent(caplog: pytest.LogCaptureFixture) -> None:
    """The purge logs what it deleted; run again, it deletes nothing more."""
    caplog.set_level(logging.INFO, logger="maillage.jobs")
    old = LoginAttempt.objects.create(email="ancien@example.org")
    LoginAttempt.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    LoginAttempt.objects.create(email="recent@example.org")

    call_command("run_scheduled_jobs", "--only", "purge-login-attempts", verbosity=0)
    call_command("run_scheduled_jobs", "--only", "purge-login-attempts", verbosity=0)

    first, second = job_lines(caplog)
    assert first.startswith("job=purge-login-attempts status=ok duration=")
    assert first.endswith("1 tentative(s) de connexion de plus de 30 jours supprimée(s).")
    assert second.endswith("0 tentative(s) de connexion de plus de 30 jours supprimée(s).")
    assert list(LoginAttempt.objects.values_list("email", flat=True)) == ["recent@example.org"]


@pytest.mark.django_db(transaction=True)
def test_the_backup_job_writes_an_archive(
    caplog: pytest.LogCaptureFixture, tmp_path: Path, settings: Any
) -> None:
    """The backup job leaves an archive in MAILLAGE_BACKUP_DIR and logs its size and contents."""
    caplog.set_level(logging.INFO, logger="maillage.jobs")
    settings.MAILLAGE_BACKUP_DIR = tmp_path
    result = job_run(next(job for job in JOBS if job.name == "backup"))
    assert result.ok, result.summary
    assert len(list(tmp_path.glob("maillage-*.tar"))) == 1
    [line] = job_lines(caplog)
    assert line.startswith("job=backup status=ok")
    assert "tables" in line


def test_a_failing_job_is_logged_and_fails_the_run(caplog: pytest.LogCaptureFixture) -> None:
    """A job whose command fails logs an error line, and the run exits in error for systemd to see."""
    caplog.set_level(logging.INFO, logger="maillage.jobs")
    result = job_run(
        ScheduledJob(
            name="essai",
            command="purge_login_attempts",
            description="",
            on_calendar="daily",
            args=("--days", "0"),
        )
    )
    assert not result.ok
    [line] = job_lines(caplog)
    assert line.startswith("job=essai status=error")


def test_an_unknown_job_is_refused_with_the_known_names() -> None:
    """--only with a misspelt name lists the jobs that exist."""
    with pytest.raises(CommandError, match=r"tâche planifiée inconnue : sauvegarde \(connues : backup, "):
        call_command("run_scheduled_jobs", "--only", "sauvegarde")


def test_the_jobs_have_unique_names_and_calendars() -> None:
    """Each job has its own name (its unit's name) and a calendar."""
    names = [job.name for job in JOBS]
    assert len(names) == len(set(names))
    assert all(job.on_calendar for job in JOBS)
    assert {
        "backup",
        "purge-login-attempts",
        "prune-snapshots",
        "remind-stale-structures",
        "send-alerts-daily",
        "send-alerts-weekly",
        "check-links",
        "remind-event-registrants",
        "erase-event-registrations",
        "publish-opendata",
        "advance-network-counts",
        "recompute-quality",
        "send-checkpoint-digest",
        "analyze-database",
    } == set(names)


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("recompute-quality", "scores recalculés"),
        ("send-checkpoint-digest", "Envoi mis en file"),
        ("analyze-database", "Statistiques mises à jour"),
    ],
)
def test_the_feature_jobs_run_and_log_their_summary(
    caplog: pytest.LogCaptureFixture, name: str, says: str
) -> None:
    """The quality recompute and the monthly checkpoint digest run as scheduled jobs and say what they did."""
    caplog.set_level(logging.INFO, logger="maillage.jobs")
    call_command("run_scheduled_jobs", "--only", name, verbosity=0)
    [line] = job_lines(caplog)
    assert line.startswith(f"job={name} status=ok")
    assert says in line


def test_the_statistics_job_gives_a_never_analysed_table_its_statistics() -> None:
    """A young table without statistics gets them: the planner stops guessing its size (the bodies list)."""
    from django.db import connection  # noqa: PLC0415

    def analysed(cursor: Any) -> bool:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'analyse_probe'")
            return bool(cursor.fetchone()[0])
        # reltuples -1: never analysed (PostgreSQL 14 and later).
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'analyse_probe'")
        return bool(cursor.fetchone()[0] >= 0)

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE sqlite_schema")  # makes sqlite_stat1 if no table was ever analysed
        cursor.execute("CREATE TABLE analyse_probe (id integer PRIMARY KEY, label varchar(20))")
        cursor.executemany(
            "INSERT INTO analyse_probe VALUES (%s, %s)", [(n, f"n{n % 7}") for n in range(200)]
        )
        assert not analysed(cursor)
    call_command("run_scheduled_jobs", "--only", "analyze-database", verbosity=0)
    with connection.cursor() as cursor:
        assert analysed(cursor)
