"""Commands start fast: heavy libraries load only in the code paths that use them."""

import os
import subprocess
import sys
from pathlib import Path

from tests.repository_guard import REPOSITORY

# Each costs from 50 to 300 ms to import; only imports, exports, uploads, the PDF or the QR code need them.
HEAVY_LIBRARIES = frozenset(
    {"openpyxl", "shapely", "numpy", "snowballstemmer", "duckdb", "weasyprint", "pandas", "pyarrow", "segno"}
)


def imported_at_start(database: Path, *command: str) -> set[str]:
    """Run `python -X importtime <command>` and return the top-level packages it imported."""
    completed = subprocess.run(  # noqa: S603 (this interpreter and fixed arguments)
        [sys.executable, "-X", "importtime", *command],
        cwd=REPOSITORY,
        # A database of its own: the check asks SQLite what it supports, and a fresh clone has no var/.
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "maillage.settings.test",
            "DATABASE_URL": f"sqlite:///{database}",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    return {
        line.rsplit("|", 1)[1].strip().split(".")[0]
        for line in completed.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_manage_check_loads_no_heavy_library(tmp_path: Path) -> None:
    """`manage.py check` loads every model, admin, view and URL, and none of the heavy libraries."""
    imported = imported_at_start(tmp_path / "check.sqlite3", "manage.py", "check")

    assert "django" in imported
    assert "ninja" in imported  # the URLs were loaded: the check covered the API too
    assert imported & HEAVY_LIBRARIES == set()
