"""Digests: one mail per address and run, each new item once, recorded only once the mail server took it."""

import socket
import threading
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from maillage.alerts.digests import send_digests
from maillage.alerts.models import Alert, SentItem
from maillage.alerts.tasks import send_alerts_task
from maillage.concurrency.locks import LockHeldError
from maillage.operations.jobs import job_by_name
from tests.alerts.conftest import LYON, SAINT_ETIENNE, MakeAlert
from tests.alerts.smtp import Mailbox, smtp_server
from tests.structures.factories import DisciplineFactory, StructureFactory

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """Return a loopback port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def unreachable_smtp() -> dict[str, object]:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 2},
        }
    }


def test_two_overlapping_alerts_give_one_mail_listing_each_new_structure_once(make_alert: MakeAlert) -> None:
    theatre = DisciplineFactory.create(name="Théâtre", slug="theatre")
    make_alert("territoire=DEP-42")
    make_alert("discipline=theatre")
    both = StructureFactory.create(name="Théâtre du Parvis", commune_id=SAINT_ETIENNE)
    both.disciplines.add(theatre)
    StructureFactory.create(name="Fabrique de la Loire", commune_id=SAINT_ETIENNE)
    StructureFactory.create(name="Compagnie lyonnaise", commune_id=LYON)  # neither alert
    mail.outbox.clear()

    summary = send_digests(frequency="daily")

    assert (summary.sent, summary.items) == (1, 2)
    [message] = mail.outbox
    assert message.to == ["lea@example.org"]
    assert message.body.count("Théâtre du Parvis") == 1
    assert message.body.count("Fabrique de la Loire") == 1
    assert "Compagnie lyonnaise" not in message.body
    assert f"/structures/{both.slug}/" in message.body


def test_the_next_run_sends_only_what_is_new_since(make_alert: MakeAlert) -> None:
    make_alert("territoire=DEP-42")
    StructureFactory.create(name="Fabrique de la Loire", commune_id=SAINT_ETIENNE)
    send_digests(frequency="daily")
    mail.outbox.clear()

    assert send_digests(frequency="daily").sent == 0
    StructureFactory.create(name="Atelier de Roanne", commune_id=SAINT_ETIENNE)
    send_digests(frequency="daily")

    [message] = mail.outbox
    assert "Atelier de Roanne" in message.body
    assert "Fabrique de la Loire" not in message.body


def test_a_refused_sending_leaves_the_items_for_the_next_run(make_alert: MakeAlert) -> None:
    alert = make_alert("territoire=DEP-42")
    StructureFactory.create(name="Fabrique de la Loire", commune_id=SAINT_ETIENNE)
    mail.outbox.clear()

    with override_settings(MAILERS=unreachable_smtp()):
        failed = send_digests(frequency="daily")

    alert.refresh_from_db()
    assert (failed.sent, failed.failed) == (0, 1)
    assert SentItem.objects.count() == 0
    assert alert.last_sent_at is None

    retried = send_digests(frequency="daily")

    assert (retried.sent, retried.items) == (1, 1)
    [message] = mail.outbox
    assert "Fabrique de la Loire" in message.body
    assert SentItem.objects.filter(email="lea@example.org").count() == 1


def test_an_unconfirmed_address_receives_nothing_but_its_confirmation(make_alert: MakeAlert) -> None:
    make_alert("territoire=DEP-42", confirmed=False)
    StructureFactory.create(name="Fabrique de la Loire", commune_id=SAINT_ETIENNE)
    mail.outbox.clear()

    summary = send_digests(frequency="daily")

    assert (summary.addresses, summary.sent) == (0, 0)
    assert mail.outbox == []


def test_each_frequency_has_its_own_run(make_alert: MakeAlert) -> None:
    make_alert("territoire=DEP-42", frequency="weekly")
    StructureFactory.create(name="Fabrique de la Loire", commune_id=SAINT_ETIENNE)
    mail.outbox.clear()

    assert send_digests(frequency="daily").sent == 0
    assert send_digests(frequency="weekly").sent == 1


def test_a_digest_carries_one_click_unsubscribe_headers(make_alert: MakeAlert) -> None:
    alert = make_alert("territoire=DEP-42")
    StructureFactory.create(commune_id=SAINT_ETIENNE)
    mail.outbox.clear()

    send_digests(frequency="daily")

    [message] = mail.outbox
    headers = message.message()
    assert headers["List-Unsubscribe"] == f"<http://testserver/alertes/desabonnement/{alert.token}/>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"/alertes/arreter/{alert.token}/" in message.body


def test_the_command_sends_and_is_scheduled_for_both_frequencies(
    make_alert: MakeAlert, capsys: pytest.CaptureFixture[str]
) -> None:
    make_alert("territoire=DEP-42")
    StructureFactory.create(commune_id=SAINT_ETIENNE)

    call_command("send_alerts", "--frequency", "daily")

    assert "1 résumé(s) envoyé(s)" in capsys.readouterr().out
    assert job_by_name("send-alerts-daily").args == ("--frequency", "daily")
    assert job_by_name("send-alerts-weekly").args == ("--frequency", "weekly")


@pytest.mark.django_db(transaction=True)
def test_ten_runs_at_once_send_one_digest(make_alert: MakeAlert) -> None:
    """The database lock lets one run through; the others stop at once or find everything sent."""
    make_alert("territoire=DEP-42")
    StructureFactory.create(commune_id=SAINT_ETIENNE)
    mail.outbox.clear()
    barrier = threading.Barrier(10)
    refused: list[LockHeldError] = []

    def run() -> None:
        from django.db import connection  # noqa: PLC0415 (each thread closes its own connection)

        barrier.wait()
        try:
            send_digests(frequency="daily")
        except LockHeldError as error:
            refused.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(mail.outbox) == 1
    assert SentItem.objects.count() == 1
    assert Alert.objects.get().last_sent_at is not None


def test_the_background_task_sends_the_digests(make_alert: MakeAlert) -> None:
    make_alert("territoire=DEP-42")
    StructureFactory.create(commune_id=SAINT_ETIENNE)
    mail.outbox.clear()

    result = send_alerts_task.enqueue("daily")

    assert result.return_value.startswith("1 résumé(s) envoyé(s)")
    assert len(mail.outbox) == 1


def test_the_queries_of_a_run_grow_with_the_addresses_not_with_the_items(
    make_alert: MakeAlert, django_assert_max_num_queries: Any
) -> None:
    for n in range(5):
        make_alert("territoire=DEP-42", email=f"p{n}@example.org")
    for _ in range(20):
        StructureFactory.create(commune_id=SAINT_ETIENNE)
    mail.outbox.clear()

    # The lock and the alerts, then per address eight at most: its sent items, the alert's search (its
    # territory, then the structures), the savepoint, the record of what was sent, the window moved on.
    with django_assert_max_num_queries(5 + 5 * 8):
        summary = send_digests(frequency="daily")

    assert (summary.sent, summary.items) == (5, 100)


def test_items_are_recorded_only_once_a_real_smtp_server_accepted_the_message(make_alert: MakeAlert) -> None:
    """The server refuses the message after DATA (451): nothing recorded; it accepts it the next run."""
    make_alert("territoire=DEP-42")
    StructureFactory.create(name="Fabrique de la Loire", commune_id=SAINT_ETIENNE)
    mailbox = Mailbox(reply_to_data="451 4.3.0 réessayez plus tard")
    with smtp_server(mailbox) as port:
        mailer = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
        with override_settings(MAILERS=mailer):
            assert send_digests(frequency="daily").failed == 1
            assert SentItem.objects.count() == 0

            mailbox.reply_to_data = "250 2.0.0 accepté"
            assert send_digests(frequency="daily").sent == 1

    [message] = mailbox.accepted
    assert "Fabrique de la Loire" in message
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message
    assert SentItem.objects.count() == 1
