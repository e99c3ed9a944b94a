"""An officer's follow-up checkpoints as an iCalendar (.ics) file: titles of cases only, no person named."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from maillage.accompaniment.models import Checkpoint


def checkpoint_uid(checkpoint: Checkpoint) -> str:
    """Return the stable identifier a calendar application keeps for the checkpoint."""
    return f"point-de-suivi-{checkpoint.pk}@maillage"


def checkpoints_ics(checkpoints: Iterable[Checkpoint]) -> bytes:
    """Render each checkpoint as an all-day event on its due date."""
    calendar = Calendar()
    calendar.add("prodid", "-//maillage//points de suivi//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Points de suivi des accompagnements")
    for checkpoint in checkpoints:
        event = Event()
        event.add("uid", checkpoint_uid(checkpoint))
        event.add(
            "dtstamp", datetime.datetime.combine(checkpoint.due_on, datetime.time(), tzinfo=datetime.UTC)
        )
        event.add("dtstart", checkpoint.due_on)
        event.add("dtend", checkpoint.due_on + datetime.timedelta(days=1))
        event.add("summary", f"Point de suivi à {checkpoint.months} mois — {checkpoint.case.title}")
        if settings.SITE_URL:
            event.add(
                "url",
                settings.SITE_URL.rstrip("/") + reverse("accompaniment:case", args=[checkpoint.case_id]),
            )
        calendar.add_component(event)
    return bytes(calendar.to_ical())
