"""The checkpoint digest goes through the real background worker, as a deployed site sends it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maillage.accompaniment.models import Checkpoint
from tests.accompaniment.factories import to_follow_up, world
from tests.tasks.test_db_worker import DATABASE_TASKS, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def _database_backend() -> Iterator[None]:
    import signal  # noqa: PLC0415 (the worker sets handlers this fixture restores)

    handlers = {n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    with override_settings(TASKS=DATABASE_TASKS):
        yield
    for number, handler in handlers.items():
        signal.signal(number, handler)


@pytest.mark.usefixtures("_database_backend")
def test_the_worker_sends_the_digest_queued_by_the_command() -> None:
    """The command queues the digest; the worker runs it, then sends the officer's mail."""
    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    ):
        w = world()
        case = to_follow_up(w.case, w.officer_a)
    Checkpoint.objects.filter(case=case, months=12).update(due_on=timezone.localdate())
    mail.outbox.clear()
    DBTaskResult.objects.all().delete()
    call_command("send_checkpoint_digest", verbosity=0)
    assert mail.outbox == []
    run_worker()
    assert [m.to for m in mail.outbox] == [[w.officer_a.email]]
    assert "Points de suivi" in mail.outbox[0].subject
