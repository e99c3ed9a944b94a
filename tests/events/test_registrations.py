"""Registering to an event: a seat while some are left, then the waiting list, promoted on cancellation."""

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from maillage.events.enums import EventStatus, RegistrationStatus
from maillage.events.models import Event, Registration, Session
from maillage.events.registrations import registration_cancel, registration_create
from tests.events.factories import EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def register(event: Event, n: int, session: Session | None = None) -> Registration:
    return registration_create(
        actor=None,
        event=event,
        name=f"Personne {n}",
        email=f"p{n}@example.org",
        structure_name="",
        session=session,
    )


def test_seats_then_waiting_list_in_order(django_capture_on_commit_callbacks: Any) -> None:
    """Two seats: the first two registrants get one, the next two wait, each told by mail after commit."""
    event = EventFactory.create(with_registration=True, capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [register(event, n).status for n in range(4)]

    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    event.refresh_from_db()
    assert event.seats_taken == 2
    assert [m.to for m in mail.outbox] == [
        ["p0@example.org"],
        ["p1@example.org"],
        ["p2@example.org"],
        ["p3@example.org"],
    ]
    assert "confirmée" in mail.outbox[0].subject
    assert "attente" in mail.outbox[2].subject.lower()


def test_cancelling_a_seat_promotes_the_first_waiting_and_mails_them(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The freed seat goes to the earliest waiting registrant, in the same transaction, who gets a mail."""
    event = EventFactory.create(with_registration=True, capacity=1)
    first = register(event, 0)
    second = register(event, 1)
    register(event, 2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        registration_cancel(token=first.token)

    assert len(callbacks) == 1  # the mail waits for the commit
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert second.promoted_at is not None
    assert Registration.objects.filter(status="waiting").count() == 1
    event.refresh_from_db()
    assert event.seats_taken == 1
    assert [m.to for m in mail.outbox] == [["p1@example.org"]]
    assert "place s'est libérée" in mail.outbox[0].subject


def test_cancelling_without_anyone_waiting_frees_the_seat_and_twice_changes_nothing() -> None:
    """A seat nobody waits for is freed; cancelling again leaves the counter alone."""
    event = EventFactory.create(with_registration=True, capacity=3)
    registration = register(event, 0)
    registration_cancel(token=registration.token)
    registration_cancel(token=registration.token)
    event.refresh_from_db()
    assert event.seats_taken == 0
    assert registration_cancel(token="inconnu") is None


def test_a_session_has_its_own_seats() -> None:
    """A session's seats are counted apart from the event's."""
    event = EventFactory.create(with_registration=True, capacity=5)
    session = SessionFactory.create(event=event, capacity=1)
    assert register(event, 0, session=session).status == "confirmed"
    assert register(event, 1, session=session).status == "waiting"
    assert register(event, 1).status == "confirmed"  # the same person, to the whole event
    session.refresh_from_db()
    event.refresh_from_db()
    assert (session.seats_taken, event.seats_taken) == (1, 1)


def test_the_same_address_cannot_register_twice_nor_to_a_closed_event() -> None:
    event = EventFactory.create(with_registration=True)
    register(event, 0)
    with pytest.raises(ValidationError, match="déjà inscrite"):
        register(event, 0)
    closed = EventFactory.create(capacity=5, registration_open=False)
    with pytest.raises(ValidationError, match="pas ouvertes"):
        register(closed, 1)
    cancelled = EventFactory.create(with_registration=True, status=EventStatus.CANCELLED)
    with pytest.raises(ValidationError):
        register(cancelled, 1)
