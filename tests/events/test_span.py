"""The agenda's lower bound on the first day never loses a long event that overlaps the range."""

import datetime

import pytest

from maillage.events.models import Event
from maillage.events.selectors import AgendaFilters, agenda
from maillage.events.services import event_update
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_a_long_event_begun_before_the_range_is_still_listed() -> None:
    """A festival of 60 days begun in January is in the agenda of March, and its span follows its dates."""
    festival = EventFactory.create(
        title="Festival d'hiver", start_date=datetime.date(2031, 1, 10), end_date=datetime.date(2031, 3, 10)
    )
    EventFactory.create(title="Journée de janvier", start_date=datetime.date(2031, 1, 12))
    assert festival.span_days == 59
    march = AgendaFilters(start=datetime.date(2031, 3, 1), end=datetime.date(2031, 3, 31))
    assert [e.title for e in agenda(march)] == ["Festival d'hiver"]

    event_update(actor=None, event=festival, expected_version=1, end_date=datetime.date(2031, 1, 11))
    assert Event.objects.get(pk=festival.pk).span_days == 1
    assert list(agenda(march)) == []
