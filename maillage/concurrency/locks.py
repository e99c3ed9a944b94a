"""Named locks for exclusive work (imports, recomputes): a second run is refused at once, never queued.

The database decides: taking a lock INSERTs a row whose name is unique, in its own short transaction, so
two processes racing for it get one row and one IntegrityError, on SQLite as on PostgreSQL. The row names
its holder (process, machine, start); a lock left by a dead process on this machine, or older than
`stale_after`, is taken over. Take the lock outside any transaction: inside one, the row would stay
invisible to the other processes until the end of that transaction.
"""

from __future__ import annotations

import datetime
import functools
import os
import secrets
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from maillage.concurrency.models import Lock

# The structures' imports share one lock: SIRENE, a network's file and the reference data write the same
# records. The indicators have their own.
IMPORTS = "imports"
INDICATORS = "indicators"
# A run longer than this is presumed dead (a machine that rebooted), and its lock taken over.
STALE_AFTER = datetime.timedelta(hours=12)


class LockHeldError(Exception):
    """Another process holds the lock: the message says which one and since when, in French."""

    def __init__(self, lock: Lock, what: str) -> None:
        self.lock = lock
        since = formats.date_format(timezone.localtime(lock.started_at), "j F Y à H:i")
        super().__init__(
            f"{what} est déjà en cours depuis le {since} (processus {lock.pid} sur {lock.host}) : "
            "réessayez quand il sera terminé."
        )


@contextmanager
def exclusive(
    name: str, *, what: str = "Un import", stale_after: datetime.timedelta = STALE_AFTER
) -> Iterator[Lock]:
    """Hold the named lock for the block; raise LockHeldError at once if another process holds it."""
    lock = lock_acquire(name=name, what=what, stale_after=stale_after)
    try:
        yield lock
    finally:
        lock_release(lock=lock)


def exclusive_command[F: Callable[..., Any]](name: str, *, what: str = "Un import") -> Callable[[F], F]:
    """Run a command's handle() under the named lock; a second run stops at once with a CommandError."""

    def decorate(handle: F) -> F:
        @functools.wraps(handle)
        def run(*args: Any, **options: Any) -> Any:
            try:
                lock = lock_acquire(name=name, what=what)
            except LockHeldError as error:
                raise CommandError(str(error)) from error
            try:
                return handle(*args, **options)
            finally:
                lock_release(lock=lock)

        return run  # type: ignore[return-value]

    return decorate


def lock_acquire(
    *, name: str, what: str = "Un import", stale_after: datetime.timedelta = STALE_AFTER
) -> Lock:
    """Take the named lock, or raise LockHeldError naming its holder."""
    for _attempt in range(3):
        # Read first: on SQLite an INSERT would wait for a long import's write transaction to end,
        # whereas reading never waits under WAL, so a held lock is refused at once.
        held = Lock.objects.filter(name=name).first()
        if held is not None:
            if not _abandoned(held, stale_after):
                raise LockHeldError(held, what)
            Lock.objects.filter(pk=held.pk, token=held.token).delete()
        lock = Lock(
            name=name,
            pid=os.getpid(),
            host=socket.gethostname()[:255],
            token=secrets.token_hex(16),
            started_at=timezone.now(),
        )
        try:
            with transaction.atomic():
                lock.save(force_insert=True)
        except IntegrityError:
            continue  # another process took it between the read and the insert: read who
        return lock
    held = Lock.objects.filter(name=name).first()
    if held is None:
        raise LockHeldError(Lock(name=name, pid=0, host="?", started_at=timezone.now()), what)
    raise LockHeldError(held, what)


def lock_release(*, lock: Lock) -> None:
    """Release a lock this process holds (a lock taken over meanwhile is left to its new holder)."""
    Lock.objects.filter(pk=lock.pk, token=lock.token).delete()


def _abandoned(lock: Lock, stale_after: datetime.timedelta) -> bool:
    """Tell whether the lock's holder is gone: a dead process on this machine, or a run far too long."""
    if lock.started_at < timezone.now() - stale_after:
        return True
    if lock.host != socket.gethostname()[:255] or lock.pid == os.getpid():
        return False
    try:
        os.kill(lock.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False
