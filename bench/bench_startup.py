"""Measure how long `manage.py check` takes to start, and which heavy libraries it imports.

Each command runs STARTUP_BENCH_ROUNDS times (default 7) in its own process, as a user types it (the
development settings, manage.py's default): wall time and the child's CPU time (user + system, which the
machine's other work inflates less than the wall time). Two cases: bytecode cached (a private
PYTHONPYCACHEPREFIX, warmed by a first run: what a user gets) and never cached (PYTHONDONTWRITEBYTECODE,
every module compiled at each start). `python -c pass` gives the interpreter's floor, `django.setup()`
the share of the apps' loading. The load average is recorded: on a shared machine, read the minimum.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("STARTUP_BENCH_ROUNDS", "7"))
HEAVY_LIBRARIES = (
    "openpyxl",
    "shapely",
    "numpy",
    "snowballstemmer",
    "duckdb",
    "weasyprint",
    "pandas",
    "segno",
)
COMMANDS = {
    "python_pass": ["-c", "pass"],
    "django_setup": ["-c", "import django; django.setup()"],
    "manage_check": ["manage.py", "check"],
}


def _environment(pycache: Path | None) -> dict[str, str]:
    """Return the environment of a user's shell: development settings, bytecode cached or not."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "PYTHONPYCACHEPREFIX"}}
    env["DJANGO_SETTINGS_MODULE"] = "maillage.settings.dev"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def _once(arguments: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run one process; return its wall time and CPU time (user + system), in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, *arguments], cwd=ROOT, env=env, check=True, capture_output=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _timings(arguments: list[str], env: dict[str, str]) -> dict[str, float]:
    walls, cpus = zip(*(_once(arguments, env) for _ in range(ROUNDS)), strict=True)
    return {
        "wall_min_s": round(min(walls), 3),
        "wall_median_s": round(statistics.median(walls), 3),
        "cpu_min_s": round(min(cpus), 3),
        "cpu_median_s": round(statistics.median(cpus), 3),
    }


def _heavy_imports(env: dict[str, str]) -> list[str]:
    """Return the heavy libraries `manage.py check` imports (python -X importtime)."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "manage.py", "check"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    imported = {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in completed.stderr.splitlines()
        if line.startswith("import time:")
    }
    return sorted(imported.intersection(HEAVY_LIBRARIES))


def run() -> dict[str, Any]:
    """Time each command with and without cached bytecode."""
    figures: dict[str, Any] = {"rounds": ROUNDS, "load_average_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="maillage-pycache-") as pycache:
        cached = _environment(Path(pycache))
        for arguments in COMMANDS.values():
            _once(arguments, cached)  # writes the bytecode
        figures["bytecode_cached"] = {name: _timings(args, cached) for name, args in COMMANDS.items()}
    uncached = _environment(None)
    figures["bytecode_not_cached"] = {name: _timings(args, uncached) for name, args in COMMANDS.items()}
    figures["heavy_libraries_imported_by_check"] = _heavy_imports(uncached)
    figures["load_average_after"] = os.getloadavg()
    return figures
