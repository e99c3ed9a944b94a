"""Reads of the agenda: filters named as the directory's (`q`, `territoire`, `type`, `reseau`…)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from maillage.events.enums import EventKind, OrganiserRole
from maillage.events.models import AGENDA_ORDER, Event, EventOrganiser, EventSeries
from maillage.search.params import ParameterError, parse_positive_int
from maillage.structures.models import Relation, Structure
from maillage.territories.models import Territory


@dataclass(frozen=True)
class AgendaFilters:
    q: str = ""
    territory: Territory | None = None
    kind: str = ""
    discipline: str = ""
    network: Structure | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None


def _date(value: str, field: str) -> datetime.date | None:
    if not value.strip():
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError as error:
        raise ParameterError(
            field, f"« {field} » doit être une date AAAA-MM-JJ (reçu : « {value[:20]} »)."
        ) from error


def parse_filters(params: Any) -> AgendaFilters:
    """Read the agenda's parameters; raise ParameterError with a French message on a bad value."""
    territory = None
    if territory_id := params.get("territoire", "").strip():
        territory = Territory.objects.filter(id=territory_id[:80]).first()
        if territory is None:
            raise ParameterError("territoire", f"Territoire inconnu : « {territory_id[:40]} ».")
    kind = params.get("type", "").strip()
    if kind and kind not in EventKind.values:
        raise ParameterError("type", f"Type d'événement inconnu : « {kind[:40]} ».")
    network = None
    if network_id := params.get("reseau", "").strip():
        pk = parse_positive_int(network_id, field="reseau")
        network = Structure.objects.filter(pk=pk).first()
        if network is None:
            raise ParameterError("reseau", "Réseau inconnu.")
    start, end = _date(params.get("du", ""), "du"), _date(params.get("au", ""), "au")
    if start and end and end < start:
        raise ParameterError("au", "La date « au » précède la date « du ».")
    return AgendaFilters(
        q=params.get("q", "").strip()[:200],
        territory=territory,
        kind=kind,
        discipline=params.get("discipline", "").strip()[:100],
        network=network,
        start=start,
        end=end,
    )


def with_organisers(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Fetch commune and organisers with the events, in two queries whatever their number."""
    links = EventOrganiser.objects.select_related("structure").order_by("role", "position", "id")
    return queryset.select_related("commune", "series").prefetch_related(
        Prefetch("organiser_links", queryset=links)
    )


def agenda(filters: AgendaFilters) -> QuerySet[Event]:
    """Return the public events matching the filters, soonest first."""
    events = Event.objects.public().between(filters.start, filters.end)
    if filters.territory is not None:
        events = events.in_territory(filters.territory.id)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.discipline:
        events = events.filter(disciplines__slug=filters.discipline)
    if filters.network is not None:
        members = Relation.objects.current().member_of().filter(target=filters.network).values("source_id")
        organisers = EventOrganiser.objects.filter(
            Q(structure=filters.network) | Q(structure_id__in=members)
        ).values("event_id")
        events = events.filter(pk__in=organisers)
    if filters.q:
        events = events.filter(Q(title__icontains=filters.q) | Q(description__icontains=filters.q))
    return with_organisers(events.order_by(*AGENDA_ORDER))


def event_for_page(slug: str) -> Event | None:
    """Return the event with its organisers, sessions and their speakers."""
    return (
        with_organisers(Event.objects.filter(slug=slug))
        .prefetch_related("sessions__speakers", "sessions__named_speakers", "disciplines")
        .first()
    )


def organisers_of(event: Event) -> list[Structure]:
    return [link.structure for link in event.organiser_links.all() if link.role == OrganiserRole.ORGANISER]


def partners_of(event: Event) -> list[Structure]:
    return [link.structure for link in event.organiser_links.all() if link.role == OrganiserRole.PARTNER]


def series_events(series: EventSeries) -> QuerySet[Event]:
    return with_organisers(Event.objects.public().filter(series=series))
