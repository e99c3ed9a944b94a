"""deploy/ agrees with the code: every unit runs an existing command with the production settings."""

import ast
import importlib.util
import shlex
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

from maillage.operations.jobs import JOBS
from maillage.operations.units import units

DEPLOY = Path(settings.BASE_DIR) / "deploy"
SETTINGS_FILES = [
    Path(settings.BASE_DIR) / "maillage" / "settings" / name for name in ("base.py", "production.py")
]
PRODUCTION = "maillage.settings.production"


def directives(unit: Path, name: str) -> list[str]:
    """Return the values of every `name=` line of a unit file."""
    prefix = f"{name}="
    lines = unit.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix(prefix) for line in lines if line.startswith(prefix)]


def services() -> list[Path]:
    return sorted(DEPLOY.glob("*.service"))


def test_the_job_units_are_those_written_from_the_job_registry() -> None:
    """Each scheduled job has its service and timer in deploy/, exactly as the registry writes them."""
    written = units()
    assert len(written) == 2 * len(JOBS)
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in DEPLOY.glob("maillage-job-*")}
    assert on_disk == written, "run `manage.py run_scheduled_jobs --write-units deploy/` after changing a job"


def test_every_timer_starts_a_service_of_deploy() -> None:
    """A timer starts the service of the same name, which exists beside it."""
    timers = sorted(DEPLOY.glob("*.timer"))
    assert timers
    for timer in timers:
        assert timer.with_suffix(".service").exists(), timer.name
        assert directives(timer, "OnCalendar"), timer.name


@pytest.mark.parametrize("unit", services(), ids=lambda path: path.name)
def test_every_service_runs_with_the_production_settings(unit: Path) -> None:
    """A unit never falls back on manage.py's development settings: it names the production module."""
    assert directives(unit, "Environment") == [f"DJANGO_SETTINGS_MODULE={PRODUCTION}"]
    assert importlib.util.find_spec(PRODUCTION) is not None
    assert directives(unit, "EnvironmentFile") == ["/etc/maillage/maillage.env"]


@pytest.mark.parametrize("unit", services(), ids=lambda path: path.name)
def test_every_service_runs_something_that_exists(unit: Path) -> None:
    """ExecStart names an existing management command (and job), or gunicorn with the WSGI module."""
    [exec_start] = directives(unit, "ExecStart")
    program, *arguments = shlex.split(exec_start)
    if Path(program).name == "gunicorn":
        assert arguments[0] == settings.WSGI_APPLICATION.rsplit(".", 1)[0]
        assert importlib.util.find_spec(arguments[0]) is not None
        return
    assert Path(program).name == "python"
    assert arguments[0] == "manage.py"
    command = arguments[1]
    assert command in get_commands(), f"{unit.name}: no management command {command}"
    if command == "run_scheduled_jobs":
        name = arguments[arguments.index("--only") + 1]
        job = next(job for job in JOBS if job.name == name)
        assert job.command in get_commands(), f"job {name}: no management command {job.command}"


def test_the_scheduled_jobs_name_existing_commands() -> None:
    """Every job of the registry runs a management command that exists."""
    missing = [job.command for job in JOBS if job.command not in get_commands()]
    assert missing == []


def test_the_command_wrapper_uses_the_production_settings() -> None:
    """maillage-manage, for commands run by hand, sets the production settings whatever the file says."""
    text = (DEPLOY / "maillage-manage").read_text(encoding="utf-8")
    assert f"export DJANGO_SETTINGS_MODULE={PRODUCTION}\n" in text
    assert "manage.py" in text


def variables_read(path: Path) -> set[str]:
    """Return the variables a settings module reads: os.environ[…], os.environ.get(…), _required(…)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        argument = None
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            argument = node.slice
        elif isinstance(node, ast.Call) and ast.unparse(node.func) in {
            "os.environ.get",
            "os.getenv",
            "_required",
        }:
            argument = node.args[0]
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            names.add(argument.value)
    return names


def environment_example() -> dict[str, str]:
    """Return the variables of deploy/maillage.env.example, read by a shell as maillage-manage does."""
    result = subprocess.run(  # noqa: S603 (our own file, read by Debian's sh)
        ["/bin/sh", "-c", 'set -a; . "$0"; env -0', str(DEPLOY / "maillage.env.example")],
        env={},
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    pairs = [item.split("=", 1) for item in result.stdout.split("\0") if "=" in item]
    return dict(pairs)


def test_the_environment_example_lists_every_variable_the_settings_read() -> None:
    """deploy/maillage.env.example names every variable read by the base and production settings."""
    read = set().union(*(variables_read(path) for path in SETTINGS_FILES))
    assert {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"} <= read
    example = environment_example()
    assert sorted(read - set(example)) == []
    assert example["DJANGO_SETTINGS_MODULE"] == PRODUCTION


def test_the_guide_shows_every_file_of_deploy() -> None:
    """docs/deploiement.md names each file of deploy/, so none is left for the operator to discover."""
    guide = (Path(settings.BASE_DIR) / "docs" / "deploiement.md").read_text(encoding="utf-8")
    for path in sorted(DEPLOY.iterdir()):
        assert path.name in guide, path.name


def test_every_job_calendar_is_one_systemd_understands() -> None:
    """systemd parses each job's OnCalendar expression as written in the registry."""
    result = subprocess.run(  # noqa: S603 (the registry's own expressions)
        ["/usr/bin/systemd-analyze", "calendar", *(job.on_calendar for job in JOBS)],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Next elapse:") == len(JOBS)
