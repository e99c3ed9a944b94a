"""`.ci/run` runs the whole suite whatever the runner's environment says."""

import os
import shutil
import stat
import subprocess
from pathlib import Path

from tests.repository_guard import REPOSITORY

# Stand-ins that record how .ci/run calls them, instead of running the quality gate and the suite.
RECORDING_MAKE = """#!/usr/bin/env bash
echo "make $* | PYTEST_ARGS=${PYTEST_ARGS-unset} PYTEST_ADDOPTS=${PYTEST_ADDOPTS-unset}\
 DATABASE_URL=${DATABASE_URL-unset}" >> "$CALLS"
"""
CLUSTER = """#!/usr/bin/env bash
echo "cluster $1" >> "$CALLS"
if [[ $1 == start ]]; then echo postgres://maillage:maillage@127.0.0.1:54329/maillage; fi
"""


def executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def test_outside_pytest_options_never_narrow_the_ci_run(tmp_path: Path) -> None:
    """PYTEST_ARGS or PYTEST_ADDOPTS from the runner are dropped: both runs are the whole suite, 2 workers."""
    checkout = tmp_path / "checkout"
    (checkout / ".ci").mkdir(parents=True)
    shutil.copy2(REPOSITORY / ".ci" / "run", checkout / ".ci" / "run")
    executable(checkout / "scripts" / "postgres-test-cluster.sh", CLUSTER)
    executable(tmp_path / "bin" / "make", RECORDING_MAKE)
    calls = tmp_path / "calls.txt"
    env = {
        **os.environ,
        "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}",
        "CALLS": str(calls),
        "PYTEST_ARGS": "tests/structures -k naf",
        "PYTEST_ADDOPTS": "-x --maxfail=1",
        "DATABASE_URL": "postgres://elsewhere/db",
    }

    completed = subprocess.run(  # noqa: S603 (the repository's own script)
        [checkout / ".ci" / "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert calls.read_text(encoding="utf-8").splitlines() == [
        "make quality | PYTEST_ARGS=unset PYTEST_ADDOPTS=unset DATABASE_URL=unset",
        "make test PYTEST_ARGS= PYTEST_WORKERS=2 | PYTEST_ARGS=unset PYTEST_ADDOPTS=unset DATABASE_URL=unset",
        "cluster start",
        "make test PYTEST_ARGS= PYTEST_WORKERS=2 | PYTEST_ARGS=unset PYTEST_ADDOPTS=unset"
        " DATABASE_URL=postgres://maillage:maillage@127.0.0.1:54329/maillage",
        "cluster stop",
    ]
