"""Ten people asking for the last seat at once: the database gives it to one, the others wait in line."""

import pytest
from django.core import mail

from maillage.events.models import Event, Registration
from maillage.events.registrations import registration_cancel, registration_create
from tests.concurrency.conftest import THREADS, race
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_registrations_for_the_last_seat_give_one_seat_and_nine_waiting() -> None:
    """Ten concurrent registrations for one seat: one confirmed, nine on the waiting list, counter at 1."""
    event = EventFactory.create(with_registration=True, capacity=1)

    def join(index: int) -> str:
        fresh = Event.objects.get(pk=event.pk)
        return registration_create(
            actor=None, event=fresh, name=f"Personne {index}", email=f"p{index}@example.org"
        ).status

    statuses = race(join)

    assert sorted(statuses) == ["confirmed"] + ["waiting"] * (THREADS - 1), statuses
    event.refresh_from_db()
    assert event.seats_taken == 1
    assert Registration.objects.filter(event=event, status="confirmed").count() == 1


def test_concurrent_cancellations_promote_distinct_people_and_keep_the_count() -> None:
    """Five seated people cancel at once: the five first waiting are promoted once each and mailed."""
    event = EventFactory.create(with_registration=True, capacity=5)
    registrations = [
        registration_create(actor=None, event=event, name=f"P{n}", email=f"p{n}@example.org")
        for n in range(10)
    ]
    mail.outbox.clear()
    seated = [r for r in registrations if r.status == "confirmed"]
    waiting = [r for r in registrations if r.status == "waiting"]

    race(lambda index: registration_cancel(token=seated[index].token), threads=len(seated))

    confirmed = set(
        Registration.objects.filter(event=event, status="confirmed").values_list("email", flat=True)
    )
    assert confirmed == {r.email for r in waiting}
    event.refresh_from_db()
    assert event.seats_taken == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in waiting)
