"""Run every bench/bench_*.py module and write its figures, with the machine's details, to bench/results/."""

import argparse
import importlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connection

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"


def git_revision() -> str | None:
    """Return the checked-out commit, suffixed -dirty when the tree has changes."""
    git = shutil.which("git")
    if git is None:
        return None
    completed = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [git, "describe", "--always", "--dirty", "--abbrev=12"], cwd=ROOT, capture_output=True, text=True
    )
    return completed.stdout.strip() or None


def machine_info() -> dict[str, Any]:
    """Describe the machine, the versions and the database the figures were measured with."""
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "database_vendor": connection.vendor,
        "database_version": ".".join(map(str, connection.get_database_version())),
        "settings": settings.SETTINGS_MODULE,
        "git": git_revision(),
    }


def discover(names: list[str]) -> list[str]:
    """List the bench module names, all of them or only those asked for."""
    available = sorted(path.stem for path in BENCH_DIR.glob("bench_*.py"))
    unknown = sorted(set(names) - set(available))
    if unknown:
        sys.exit(
            f"unknown bench module(s): {', '.join(unknown)} (available: {', '.join(available) or 'none'})"
        )
    return [name for name in available if not names or name in names]


def run_one(name: str, machine: dict[str, Any], output_dir: Path) -> Path:
    """Run one module's run() and write its result file."""
    module = importlib.import_module(f"bench.{name}")
    started_at = datetime.now(UTC)
    start = time.perf_counter()
    figures = module.run()
    duration = time.perf_counter() - start
    result = {
        "name": name,
        "started_at": started_at.isoformat(timespec="seconds"),
        "duration_s": round(duration, 3),
        "machine": machine,
        "figures": figures,
    }
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / f"{name}-{started_at:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path


def main() -> None:
    """Parse the arguments, set Django up and run the bench modules."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help="bench modules to run (default: all), e.g. bench_search")
    parser.add_argument("--output-dir", type=Path, default=RESULTS_DIR)
    parser.add_argument(
        "--size", type=int, help="number of generated structures the modules that read BENCH_SIZE measure"
    )
    parser.add_argument(
        "--sizes", help="comma-separated sizes, for the modules measuring how a cost grows (BENCH_SIZES)"
    )
    args = parser.parse_args()
    if args.size is not None:
        os.environ["BENCH_SIZE"] = str(args.size)
    if args.sizes:
        if not all(size.strip().isdigit() for size in args.sizes.split(",")):
            parser.error("--sizes takes whole numbers separated by commas, e.g. 10000,100000,200000")
        os.environ["BENCH_SIZES"] = args.sizes

    names = discover(args.names)
    if not names:
        print(f"No bench module found ({BENCH_DIR.relative_to(ROOT)}/bench_*.py): nothing to measure.")
        return

    sys.path.insert(0, str(ROOT))  # bench modules import maillage and each other as bench.*
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.test")
    django.setup()
    machine = machine_info()
    for name in names:
        path = run_one(name, machine, args.output_dir)
        print(f"{name}: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
