"""The officer's workspace: cases by phase, checkpoints due this month, idle cases, calendar, digest."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from maillage.accompaniment.models import Case, Checkpoint
from maillage.accompaniment.tasks import checkpoint_digest_task
from tests.accompaniment.factories import consented, open_case, to_follow_up, world

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _due_this_month(case: Case) -> Checkpoint:
    checkpoint = case.checkpoints.order_by("due_on").first()
    assert checkpoint is not None
    Checkpoint.objects.filter(pk=checkpoint.pk).update(due_on=timezone.localdate())
    checkpoint.refresh_from_db()
    return checkpoint


def test_the_workspace_lists_cases_by_phase_due_checkpoints_and_idle_cases() -> None:
    """A checkpoint due this month and a case asleep for 100 days show in their sections."""
    w = world()
    case = to_follow_up(w.case, w.officer_a)
    _due_this_month(case)
    ((other, _),) = consented(w.body_a)
    asleep = open_case(w.body_a, w.officer_a, [other], title="Dossier en sommeil")
    Case.objects.filter(pk=asleep.pk).update(last_activity_at=timezone.now() - datetime.timedelta(days=100))
    page = _client(w.officer_a).get(reverse("accompaniment:workspace")).content.decode()
    due = page.split('id="due-title"')[1].split("</section>")[0]
    assert case.title in due
    idle = page.split('id="idle-title"')[1].split("</section>")[0]
    assert "Dossier en sommeil" in idle
    assert case.title not in idle
    assert "Suivi <span" in page


def test_the_calendar_reparses_to_the_same_checkpoints() -> None:
    """The .ics holds one all-day event per checkpoint to come, read back by the icalendar library."""
    w = world()
    case = to_follow_up(w.case, w.officer_a, on=datetime.date(2026, 1, 10))
    response = _client(w.officer_a).get(reverse("accompaniment:calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    expected = [(f"point-de-suivi-{c.pk}@maillage", c.due_on) for c in case.checkpoints.order_by("due_on")]
    assert [(str(e["UID"]), e.decoded("DTSTART")) for e in events] == expected
    assert all(case.title in str(e["SUMMARY"]) for e in events)
    assert _client(w.officer_b).get(reverse("accompaniment:calendar")).content.count(b"VEVENT") == 0


def test_the_digest_task_mails_each_officer_the_checkpoints_due(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """One mail to the officer with a checkpoint due this month; none to an officer without."""
    w = world()
    case = to_follow_up(w.case, w.officer_a)
    _due_this_month(case)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = checkpoint_digest_task.enqueue()
    assert result.return_value.startswith("1 résumé")
    assert [m.to for m in mail.outbox] == [[w.officer_a.email]]
    assert case.title in mail.outbox[0].body


def test_the_workspace_queries_stay_bounded(django_assert_max_num_queries: Any) -> None:
    """Twenty cases or two: the same number of queries."""
    w = world()
    structures = [s for s, _ in consented(w.body_a, 20)]
    for structure in structures:
        open_case(w.body_a, w.officer_a, [structure])
    client = _client(w.officer_a)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("accompaniment:workspace")).status_code == 200


def test_the_case_page_queries_stay_bounded(django_assert_max_num_queries: Any) -> None:
    """A collective case of ten structures in follow-up reads in a bounded number of queries."""
    w = world()
    structures = [s for s, _ in consented(w.body_a, 10)]
    case = to_follow_up(open_case(w.body_a, w.officer_a, structures), w.officer_a)
    client = _client(w.officer_a)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("accompaniment:case", args=[case.pk])).status_code == 200


def test_the_api_list_queries_stay_bounded(django_assert_max_num_queries: Any) -> None:
    """Twenty readable cases listed through the API in a bounded number of queries."""
    from maillage.accounts.api_tokens import token_create  # noqa: PLC0415

    w = world()
    for structure, _ in consented(w.body_a, 20):
        open_case(w.body_a, w.officer_a, [structure])
    key = token_create(user=w.officer_a, name="outil", scopes=["accompagnements:read"]).key
    with django_assert_max_num_queries(8):
        response = Client().get("/api/v1/accompagnements", headers={"Authorization": f"Bearer {key}"})
    assert response.json()["total"] == 21
