"""Factories of events, with French fake data (never the reference meetings)."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from maillage.events.enums import AttendanceMode, EventKind, EventStatus, OrganiserRole, SeriesKind
from maillage.events.models import Event, EventOrganiser, EventSeries, Session
from tests.structures.factories import StructureFactory


class EventSeriesFactory(DjangoModelFactory[EventSeries]):
    class Meta:
        model = EventSeries

    title = factory.Sequence(lambda n: f"Cycle de rencontres {n}")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.title)}-{n}")
    kind = SeriesKind.CYCLE


class EventFactory(DjangoModelFactory[Event]):
    """A published whole-day meeting next month, online so that it needs no commune."""

    class Meta:
        model = Event

    title = factory.Faker("catch_phrase", locale="fr_FR")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.title)[:80]}-{n}")
    kind = EventKind.MEETING
    status = EventStatus.PUBLISHED
    attendance_mode = AttendanceMode.ONLINE
    online_url = "https://visio.example.org/salle"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date)

    class Params:
        with_registration = factory.Trait(registration_open=True, capacity=10)


class EventOrganiserFactory(DjangoModelFactory[EventOrganiser]):
    class Meta:
        model = EventOrganiser

    event = factory.SubFactory(EventFactory)
    structure = factory.SubFactory(StructureFactory)
    role = OrganiserRole.ORGANISER


class SessionFactory(DjangoModelFactory[Session]):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Faker("sentence", nb_words=4, locale="fr_FR")
    starts_at = factory.LazyAttribute(
        lambda o: datetime.datetime.combine(o.event.start_date, datetime.time(9, 30), tzinfo=datetime.UTC)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
