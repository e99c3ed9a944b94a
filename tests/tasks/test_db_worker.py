"""The real background worker: tasks persisted in the database, run by `manage.py db_worker`."""

import logging
import signal
import socket
from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from maillage.accounts.emails import send_after_commit

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _database_backend() -> Iterator[None]:
    """Enqueue into the database, as a deployed site does, and restore the signal handlers the worker sets."""
    handlers = {
        number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    with override_settings(TASKS=DATABASE_TASKS):
        yield
    for number, handler in handlers.items():
        signal.signal(number, handler)


def run_worker() -> None:
    """Run every waiting task, then stop (what the systemd worker does forever)."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", "--no-reload", verbosity=0)


def invite(address: str) -> None:
    with transaction.atomic():
        send_after_commit(
            to=[address],
            subject="Invitation",
            template="emails/contributions_invitation.txt",
            context={"structure": "Le Zoo", "url": "https://maillage.example/invitation/1/"},
        )


def test_an_email_waits_in_the_database_until_the_worker_sends_it() -> None:
    """Committing queues the message; nothing leaves until the worker runs, then it is sent once."""
    invite("ada@example.org")
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.status == TaskResultStatus.READY
    assert queued.args_kwargs["kwargs"]["to"] == "ada@example.org"

    run_worker()

    assert [message.to for message in mail.outbox] == [["ada@example.org"]]
    assert mail.outbox[0].subject == "[maillage] Invitation"
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    run_worker()  # nothing left: not sent twice
    assert len(mail.outbox) == 1


def test_a_rolled_back_transaction_queues_nothing() -> None:
    """An e-mail caused by a write that did not happen is never queued."""
    with transaction.atomic():
        send_after_commit(
            to=["ada@example.org"], subject="x", template="emails/contributions_invitation.txt", context={}
        )
        transaction.set_rollback(True)
    assert not DBTaskResult.objects.exists()


def closed_port() -> int:
    """Return a loopback port on which nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_mail_server_fails_the_task_visibly(caplog: pytest.LogCaptureFixture) -> None:
    """A refused SMTP connection leaves the message in a failed task, with the error, and logs it."""
    smtp = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 2},
        }
    }
    invite("ada@example.org")
    with override_settings(MAILERS=smtp), caplog.at_level(logging.ERROR, logger="maillage.jobs"):
        run_worker()

    failed = DBTaskResult.objects.get()
    assert failed.status == TaskResultStatus.FAILED
    assert failed.args_kwargs["kwargs"]["to"] == "ada@example.org"
    assert "ConnectionRefusedError" in failed.exception_class_path
    assert any("E-mail not sent: [maillage] Invitation" in record.getMessage() for record in caplog.records)
