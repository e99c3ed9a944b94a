"""Registrants' data: in the account's export and erasure, reminded once, erased after the event."""

import datetime
import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from maillage.accounts.personal_data import SECTIONS
from maillage.events.models import CalendarFeed, Registration
from maillage.events.registrations import registration_create
from maillage.operations.jobs import job_by_name, job_run
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_the_account_export_lists_registrations_and_erasure_blanks_them() -> None:
    user = UserFactory.create()
    event = EventFactory.create(with_registration=True, title="Rencontre régionale")
    registration_create(actor=user, event=event, name="Camille", email=user.email, structure_name="Le Fil")
    CalendarFeed.objects.create(user=user)

    exported = SECTIONS["events"].export(user)
    assert exported == [
        {
            "event": "Rencontre régionale",
            "session": None,
            "name": "Camille",
            "email": user.email,
            "structure": "Le Fil",
            "status": "confirmed",
            "registered_at": exported[0]["registered_at"],
        }
    ]
    SECTIONS["events"].erase(user)
    registration = Registration.objects.get()
    assert (registration.name, registration.email, registration.structure_name) == ("", "", "")
    assert not CalendarFeed.objects.exists()
    assert SECTIONS["events"].export(user) == []


def test_the_reminder_job_mails_each_seated_person_once(django_capture_on_commit_callbacks: Any) -> None:
    soon = EventFactory.create(
        with_registration=True, start_date=timezone.localdate() + datetime.timedelta(days=1)
    )
    later = EventFactory.create(with_registration=True)
    registration_create(actor=None, event=soon, name="A", email="a@example.org")
    registration_create(actor=None, event=later, name="B", email="b@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = job_run(job_by_name("remind-event-registrants"))
        job_run(job_by_name("remind-event-registrants"))
    assert result.ok
    assert result.summary == "1 rappel(s) d'événement envoyé(s)."
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert "Rappel" in mail.outbox[0].subject


def test_registrants_are_erased_on_schedule_after_the_event() -> None:
    """Thirty days after the event the names go; the counts stay for the organisers."""
    event = EventFactory.create(with_registration=True)
    registration_create(actor=None, event=event, name="A", email="a@example.org")
    registration_create(actor=None, event=event, name="B", email="b@example.org")
    recent = EventFactory.create(with_registration=True)
    registration_create(actor=None, event=recent, name="C", email="c@example.org")
    type(event).objects.filter(pk=event.pk).update(
        start_date=timezone.localdate() - datetime.timedelta(days=40),
        end_date=timezone.localdate() - datetime.timedelta(days=40),
    )
    result = job_run(job_by_name("erase-event-registrations"))
    assert result.summary == "2 inscription(s) effacée(s)."
    assert set(Registration.objects.filter(erased_at__isnull=False).values_list("name", "email")) == {
        ("", "")
    }
    assert Registration.objects.filter(event=event, status="confirmed").count() == 2
    assert Registration.objects.get(event=recent).email == "c@example.org"
    out = io.StringIO()
    call_command("erase_event_registrations", stdout=out)
    assert "0 inscription(s)" in out.getvalue()
