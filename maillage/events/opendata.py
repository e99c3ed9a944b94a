"""The agenda as an open data file: public events only (published or cancelled), never who registered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db.models import Prefetch

from maillage.events.models import Event
from maillage.opendata.publication import site_root
from maillage.opendata.registry import Dataset
from maillage.opendata.tables import csv_dataset
from maillage.structures.models import Structure

SCHEMA = Path(__file__).resolve().parent / "schemas" / "evenements.schema.json"


def _time(value: Any) -> str:
    return value.strftime("%H:%M:%S") if value else ""


def event_rows() -> Iterator[list[str]]:
    """Yield one row per public event, its public organisers and disciplines named."""
    site = site_root()
    events = (
        Event.objects.public()
        .select_related("commune")
        .prefetch_related(
            Prefetch("organisers", queryset=Structure.objects.published().order_by("name")), "disciplines"
        )
        .order_by("start_date", "pk")
    )
    for event in events.iterator(chunk_size=1000):
        yield [
            event.slug,
            event.title,
            event.kind,
            event.status,
            event.start_date.isoformat(),
            event.end_date.isoformat(),
            _time(event.start_time),
            _time(event.end_time),
            event.attendance_mode,
            event.venue,
            event.street,
            event.commune.name if event.commune else "",
            event.commune.code if event.commune else "",
            event.online_url,
            " | ".join(s.name for s in event.organisers.all()),
            " | ".join(d.name for d in event.disciplines.all()),
            event.audience,
            event.price,
            event.keywords,
            site + event.get_absolute_url(),
        ]


def events_dataset() -> Dataset:
    return csv_dataset(
        name="evenements",
        title="Événements de l'agenda",
        description="Les événements publiés ou annulés de l'agenda, avec leurs organisateurs.",
        schema_path=SCHEMA,
        rows=event_rows,
    )
