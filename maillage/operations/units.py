"""The systemd service and timer of each scheduled job, written from the one declaration (jobs.JOBS)."""

from pathlib import Path

from maillage.operations.jobs import JOBS, ScheduledJob

# Where docs/deploiement.md installs the code, its environment file and its virtual environment.
APP_DIR = "/srv/maillage"
ENV_FILE = "/etc/maillage/maillage.env"
SETTINGS_MODULE = "maillage.settings.production"

HEADER = (
    "# Written by `manage.py run_scheduled_jobs --write-units deploy/` from maillage/operations/jobs.py:\n"
    "# change the job there, then rewrite the units (a test checks they agree).\n"
)


def unit_stem(job: ScheduledJob) -> str:
    return f"maillage-job-{job.name}"


def service_text(job: ScheduledJob) -> str:
    """Return the oneshot service that runs `job` once."""
    return (
        f"{HEADER}[Unit]\n"
        f"Description=maillage : {job.description}\n"
        "After=network-online.target postgresql.service\n"
        "Wants=network-online.target\n"
        "\n[Service]\n"
        "Type=oneshot\n"
        "User=maillage\n"
        "Group=maillage\n"
        f"WorkingDirectory={APP_DIR}\n"
        f"EnvironmentFile={ENV_FILE}\n"
        # Set here as well as in the environment file: a job must never fall back on development settings.
        f"Environment=DJANGO_SETTINGS_MODULE={SETTINGS_MODULE}\n"
        f"ExecStart={APP_DIR}/.venv/bin/python manage.py run_scheduled_jobs --only {job.name}\n"
        "Nice=10\n"
        "NoNewPrivileges=true\n"
        "PrivateTmp=true\n"
        "ProtectSystem=strict\n"
        "ProtectHome=true\n"
        "ReadWritePaths=/var/lib/maillage\n"
    )


def timer_text(job: ScheduledJob) -> str:
    """Return the timer that starts `job`'s service on its calendar, catching up a missed run."""
    return (
        f"{HEADER}[Unit]\n"
        f"Description=maillage : {job.description} (minuterie)\n"
        "\n[Timer]\n"
        f"OnCalendar={job.on_calendar}\n"
        "Persistent=true\n"
        "RandomizedDelaySec=5min\n"
        "\n[Install]\n"
        "WantedBy=timers.target\n"
    )


def units() -> dict[str, str]:
    """Return every job's unit files, by file name."""
    files: dict[str, str] = {}
    for job in JOBS:
        files[f"{unit_stem(job)}.service"] = service_text(job)
        files[f"{unit_stem(job)}.timer"] = timer_text(job)
    return files


def units_write(*, folder: Path) -> list[Path]:
    """Write every job's unit files into `folder` and return their paths."""
    written = []
    for name, text in units().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
