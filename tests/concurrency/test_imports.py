"""Imports are exclusive: started together, one runs and the others are refused at once, saying why."""

import datetime
import socket
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from maillage.concurrency.locks import IMPORTS, INDICATORS, LockHeldError, lock_acquire, lock_release
from maillage.concurrency.models import Lock
from maillage.imports.models import ImportRun
from tests.concurrency.conftest import THREADS, race

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_runs_started_together_get_one_lock() -> None:
    """The database decides: one run holds the lock, nine are told an import is already running."""
    results = race(lambda i: lock_acquire(name=IMPORTS))

    held = [r for r in results if isinstance(r, Lock)]
    refused = [r for r in results if isinstance(r, LockHeldError)]
    assert (len(held), len(refused)) == (1, THREADS - 1), results
    assert all(str(r).startswith("Un import est déjà en cours depuis le ") for r in refused)
    lock_release(lock=held[0])
    assert not Lock.objects.exists()
    assert isinstance(lock_acquire(name=IMPORTS), Lock)  # released, the next run goes


@pytest.mark.parametrize(
    ("command", "arguments", "lock"),
    [
        ("import_sirene", ["--unites-legales", "ul.csv", "--etablissements", "etab.csv"], IMPORTS),
        ("import_structures", ["reseau.csv"], IMPORTS),
        ("load_reference_data", [], IMPORTS),
        ("compute_indicators", [], INDICATORS),
    ],
)
def test_a_command_started_during_another_run_stops_at_once(command, arguments, lock) -> None:
    """A second run exits with an error naming the running one, before reading or writing anything."""
    running = lock_acquire(name=lock)
    started = time.monotonic()

    with pytest.raises(CommandError, match=r"est déjà en cours depuis le .*réessayez"):
        call_command(command, *arguments)

    assert time.monotonic() - started < 5
    assert not ImportRun.objects.exists()
    lock_release(lock=running)


def test_two_imports_started_together_one_runs_one_is_refused() -> None:
    """Two runs started at the same instant: one does its work, the other is refused at once."""

    def run(index: int) -> str:
        try:
            lock = lock_acquire(name=IMPORTS)
        except LockHeldError as error:
            return str(error)
        time.sleep(0.5)  # the import's work, long enough for the other start to meet it
        lock_release(lock=lock)
        return "appliqué"

    results = race(run, threads=2)

    assert results.count("appliqué") == 1, results
    assert any(r.startswith("Un import est déjà en cours depuis le ") for r in results), results


def test_the_lock_of_a_dead_process_or_a_run_far_too_long_is_taken_over() -> None:
    """A machine that rebooted mid-import does not block imports for ever."""
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True
    )
    dead_pid = int(finished.stdout)

    Lock.objects.create(
        name=IMPORTS, pid=dead_pid, host=socket.gethostname(), token="mort", started_at=timezone.now()
    )
    taken = lock_acquire(name=IMPORTS)
    assert taken.token != "mort"
    lock_release(lock=taken)

    Lock.objects.create(
        name=IMPORTS,
        pid=1,
        host="une-autre-machine",
        token="vieux",
        started_at=timezone.now() - datetime.timedelta(hours=13),
    )
    assert lock_acquire(name=IMPORTS).token != "vieux"
