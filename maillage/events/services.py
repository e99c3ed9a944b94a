"""Writes of events, series and sessions: keyword-only, one transaction, conditional on the version read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from maillage.concurrency.versions import versioned_update
from maillage.events.enums import EventStatus, OrganiserRole
from maillage.events.models import Event, EventOrganiser, EventSeries, Session
from maillage.structures.models import Structure


def unique_slug(model: Any, text: str) -> str:
    """Return a slug of `text` no record of `model` uses yet."""
    base = (slugify(text)[:100] or "evenement").strip("-")
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def series_create(*, actor: Any, title: str, **fields: Any) -> EventSeries:
    """Create a series (a cycle of meetings or a recurring appointment)."""
    with transaction.atomic():
        series = EventSeries(
            title=title, slug=fields.pop("slug", None) or unique_slug(EventSeries, title), **fields
        )
        series.full_clean()
        series.save()
    return series


def event_create(
    *,
    actor: Any,
    title: str,
    organisers: Sequence[Structure] = (),
    partners: Sequence[Structure] = (),
    disciplines: Sequence[Any] = (),
    **fields: Any,
) -> Event:
    """Create an event (a draft unless a status is given) with its organisers and partners."""
    with transaction.atomic():
        event = Event(title=title, slug=fields.pop("slug", None) or unique_slug(Event, title), **fields)
        event.full_clean()
        event.save()
        _set_organisers(event, organisers, partners)
        if disciplines:
            event.disciplines.set(disciplines)
    return event


def _set_organisers(event: Event, organisers: Sequence[Structure], partners: Sequence[Structure]) -> None:
    EventOrganiser.objects.filter(event=event).delete()
    links = [
        EventOrganiser(event=event, structure=s, role=OrganiserRole.ORGANISER, position=i)
        for i, s in enumerate(organisers)
    ]
    links += [
        EventOrganiser(event=event, structure=s, role=OrganiserRole.PARTNER, position=i)
        for i, s in enumerate(partners)
        if s not in organisers
    ]
    EventOrganiser.objects.bulk_create(links)


def event_update(
    *,
    actor: Any,
    event: Event,
    expected_version: int,
    organisers: Sequence[Structure] | None = None,
    partners: Sequence[Structure] | None = None,
    disciplines: Sequence[Any] | None = None,
    **changes: Any,
) -> Event:
    """Write the changed fields unless someone changed the event since `expected_version`."""
    with transaction.atomic():
        for name, value in changes.items():
            setattr(event, name, value)
        event.full_clean()
        fields = set(changes)
        if {"start_date", "end_date"} & fields:
            event.span_days = event.span()
            fields.add("span_days")
        versioned_update(event, expected_version=expected_version, fields=fields)
        if organisers is not None or partners is not None:
            _set_organisers(
                event,
                organisers
                if organisers is not None
                else list(event.organisers.filter(event_links__role="organiser")),
                partners or [],
            )
        if disciplines is not None:
            event.disciplines.set(disciplines)
    return event


def event_publish(*, actor: Any, event: Event, expected_version: int) -> Event:
    """Publish a draft: it appears in the agenda, the feeds and the API."""
    return event_update(
        actor=actor, event=event, expected_version=expected_version, status=EventStatus.PUBLISHED
    )


def event_cancel(*, actor: Any, event: Event, expected_version: int) -> Event:
    """Mark the event cancelled: it stays visible, saying so, and its feeds carry STATUS:CANCELLED."""
    return event_update(
        actor=actor,
        event=event,
        expected_version=expected_version,
        status=EventStatus.CANCELLED,
        registration_open=False,
    )


def event_withdraw(*, actor: Any, event: Event, expected_version: int, reason: str) -> Event:
    """Withdraw the event from every public list without deleting it (a mistake, a duplicate…)."""
    if not reason.strip():
        from django.core.exceptions import ValidationError  # noqa: PLC0415

        raise ValidationError({"withdrawn_reason": "Indiquez le motif du retrait."})
    return event_update(
        actor=actor,
        event=event,
        expected_version=expected_version,
        withdrawn_at=timezone.now(),
        withdrawn_reason=reason.strip()[:300],
        registration_open=False,
    )


def session_create(
    *, actor: Any, event: Event, title: str, speakers: Sequence[Structure] = (), **fields: Any
) -> Session:
    """Add a time slot to the event's programme."""
    with transaction.atomic():
        session = Session(event=event, title=title, **fields)
        session.full_clean()
        session.save()
        if speakers:
            session.speakers.set(speakers)
    return session
