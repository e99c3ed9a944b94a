"""Calendar feeds re-read by icalendar and recurring-ical-events: same UIDs, Paris times, same recurrences."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events  # type: ignore[import-untyped]
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from maillage.events.calendar import event_uid
from maillage.events.models import CalendarFeed, Event
from maillage.events.recurrence import occurrences
from maillage.events.registrations import registration_create
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, EventOrganiserFactory, EventSeriesFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def read(client: Client, url: str) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def vevents(calendar: Calendar) -> dict[str, object]:
    return {str(c["uid"]): c for c in calendar.walk("VEVENT")}


def timed_event(**kwargs: object) -> Event:
    return EventFactory.create(
        start_date=datetime.date(2031, 3, 20),
        end_date=datetime.date(2031, 3, 21),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(17, 0),
        **kwargs,
    )


def test_an_event_feed_has_its_uid_and_paris_times(client: Client) -> None:
    """A two-day event starts 9:30 and ends 17:00 the next day, in Europe/Paris, under its stable UID."""
    event = timed_event()
    calendar = read(client, reverse("events:ics", kwargs={"slug": event.slug}))
    (component,) = calendar.walk("VEVENT")
    assert str(component["uid"]) == event_uid(event)
    start, end = component.decoded("dtstart"), component.decoded("dtend")
    assert start == datetime.datetime(2031, 3, 20, 9, 30, tzinfo=PARIS)
    assert end == datetime.datetime(2031, 3, 21, 17, 0, tzinfo=PARIS)
    assert str(start.tzinfo) == "Europe/Paris"
    assert calendar.walk("VTIMEZONE")  # the zone travels with the feed


def test_a_whole_day_event_ends_the_day_after_its_last_day(client: Client) -> None:
    event = EventFactory.create(start_date=datetime.date(2031, 6, 25), end_date=datetime.date(2031, 6, 26))
    (component,) = read(client, reverse("events:ics", kwargs={"slug": event.slug})).walk("VEVENT")
    assert component.decoded("dtstart") == datetime.date(2031, 6, 25)
    assert component.decoded("dtend") == datetime.date(2031, 6, 27)


def test_a_series_feed_expands_its_recurrence_with_exceptions_as_calendar_clients_do(client: Client) -> None:
    """A monthly atelier, six times but not in May: clients and our pages list the same five dates."""
    series = EventSeriesFactory.create(kind="recurring")
    cycle_event = timed_event(series=series)
    atelier = EventFactory.create(
        series=series,
        start_date=datetime.date(2031, 3, 4),
        end_date=datetime.date(2031, 3, 4),
        start_time=datetime.time(18, 0),
        end_time=datetime.time(20, 0),
        recurrence_rule="FREQ=MONTHLY;COUNT=6",
        recurrence_exceptions=["2031-05-04"],
    )
    calendar = read(client, reverse("events:series_ics", kwargs={"slug": series.slug}))
    assert set(vevents(calendar)) == {event_uid(cycle_event), event_uid(atelier)}

    expanded = recurring_ical_events.of(calendar).between(
        datetime.date(2031, 1, 1), datetime.date(2032, 1, 1)
    )
    atelier_starts = sorted(e.decoded("dtstart") for e in expanded if str(e["uid"]) == event_uid(atelier))
    ours = occurrences(atelier.starts_at(), atelier.recurrence_rule, atelier.recurrence_exceptions)
    assert atelier_starts == ours
    assert [s.month for s in atelier_starts] == [3, 4, 6, 7, 8]
    assert all(s.hour == 18 and str(s.tzinfo) == "Europe/Paris" for s in atelier_starts)


def test_organiser_and_territory_feeds_list_their_events(client: Client, loire_rhone: None) -> None:
    """An organiser's feed has its events; the Loire's feed has the event held in Saint-Étienne only."""
    link = EventOrganiserFactory.create(event=timed_event(commune_id="COM-42218", attendance_mode="offline"))
    elsewhere = EventOrganiserFactory.create(
        event=timed_event(commune_id="COM-69123", attendance_mode="offline")
    )
    organiser_feed = read(client, reverse("events:organiser_ics", kwargs={"slug": link.structure.slug}))
    assert set(vevents(organiser_feed)) == {event_uid(link.event)}
    loire_feed = read(client, reverse("events:territory_ics", kwargs={"territory_id": "DEP-42"}))
    assert set(vevents(loire_feed)) == {event_uid(link.event)}
    assert event_uid(elsewhere.event) not in vevents(
        read(client, reverse("events:agenda_ics") + "?territoire=DEP-42")
    )


def test_the_personal_feed_needs_its_token(client: Client) -> None:
    """My registrations feed answers only at its secret address; a wrong or old token is a 404."""
    user = UserFactory.create()
    mine = timed_event(registration_open=True, capacity=5)
    timed_event()  # not registered
    registration_create(actor=user, event=mine, name="Camille", email=user.email)
    client.force_login(user)
    assert client.post(reverse("events:my_feed")).status_code == 302
    token = CalendarFeed.objects.get(user=user).token
    client.logout()

    feed = read(client, reverse("events:personal_ics", kwargs={"token": token}))
    assert set(vevents(feed)) == {event_uid(mine)}
    assert client.get(reverse("events:personal_ics", kwargs={"token": "pas-le-bon"})).status_code == 404

    client.force_login(user)
    client.post(reverse("events:my_feed"))  # a new address replaces the old one
    assert client.get(reverse("events:personal_ics", kwargs={"token": token})).status_code == 404
