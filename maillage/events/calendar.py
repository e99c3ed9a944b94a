"""iCalendar feeds: one VEVENT per event (recurring ones with RRULE and EXDATE), times in Europe/Paris."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as VEvent

from maillage.events.enums import AttendanceMode, EventStatus
from maillage.events.models import PARIS, Event
from maillage.events.recurrence import exception_dates
from maillage.structures.enums import DatePrecision

UID_DOMAIN = "maillage"


def event_uid(event: Event) -> str:
    """Return the stable UID of an event: calendar clients update it in place rather than duplicate it."""
    return f"evenement-{event.pk}@{UID_DOMAIN}"


def _location(event: Event) -> str:
    parts = [event.venue, event.street, event.commune.name if event.commune_id and event.commune else ""]
    place = ", ".join(p for p in parts if p)
    if event.attendance_mode != AttendanceMode.OFFLINE and event.online_url:
        place = f"{place} — en ligne : {event.online_url}" if place else event.online_url
    return place


def event_component(event: Event, *, stamp: datetime.datetime) -> VEvent:
    """Return the VEVENT of one event."""
    component = VEvent()
    component.add("uid", event_uid(event))
    component.add("dtstamp", stamp)
    component.add("summary", event.title)
    component.add("dtstart", event.starts_at())
    component.add("dtend", event.ends_at())
    if event.description:
        component.add("description", event.description)
    if location := _location(event):
        component.add("location", location)
    component.add("url", f"{settings.SITE_URL}{event.get_absolute_url()}")
    component.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    component.add("sequence", event.version)
    if event.recurrence_rule:
        component.add("rrule", _rule_dict(event.recurrence_rule))
        start = event.starts_at()
        for day in sorted(exception_dates(event.recurrence_exceptions)):
            if isinstance(start, datetime.datetime):
                component.add("exdate", datetime.datetime.combine(day, start.timetz()).replace(tzinfo=PARIS))
            else:
                component.add("exdate", day)
    return component


def _rule_dict(text: str) -> dict[str, list[str]]:
    rule: dict[str, list[str]] = {}
    for part in text.removeprefix("RRULE:").split(";"):
        if "=" in part:
            key, value = part.split("=", 1)
            rule[key.strip().upper()] = value.split(",")
    return rule


def calendar_bytes(events: Iterable[Event], *, name: str) -> bytes:
    """Return an iCalendar file of the events whose dates are precise to the day (others have no place)."""
    calendar = Calendar()
    calendar.add("prodid", "-//maillage//agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    stamp = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
    for event in events:
        if event.date_precision == DatePrecision.DAY:
            calendar.add_component(event_component(event, stamp=stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
