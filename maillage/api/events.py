"""GET /api/v1/evenements (the agenda, as on the page), one event, and the series."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router
from ninja.responses import Status

from maillage.api.event_schemas import (
    CommuneBrief,
    EventDetail,
    EventItem,
    EventPage,
    EventQuery,
    FilterErrorOut,
    SeriesBrief,
    SeriesOut,
    SessionOut,
    StructureBrief,
)
from maillage.api.schemas import Error
from maillage.events.models import Event, EventSeries
from maillage.events.selectors import (
    agenda,
    event_for_page,
    organisers_of,
    parse_filters,
    partners_of,
    series_events,
)
from maillage.search.params import ParameterError, page_number

router = Router(tags=["événements"])
PAGE_SIZE = 50


def _structure(request: HttpRequest, structure: Any) -> StructureBrief:
    url = request.build_absolute_uri(reverse("structures:detail", kwargs={"slug": structure.slug}))
    return StructureBrief(id=structure.pk, nom=structure.name, url=url)


def _moment(value: Any) -> str:
    return value.isoformat()


def _item_fields(request: HttpRequest, event: Event) -> dict[str, Any]:
    series = event.series
    return {
        "slug": event.slug,
        "titre": event.title,
        "type": event.kind,
        "etat": event.status,
        "debut": _moment(event.starts_at()),
        "fin": _moment(event.ends_at() if event.end_time else event.end_date),
        "precision_date": event.date_precision,
        "participation": event.attendance_mode,
        "lieu": event.venue,
        "commune": CommuneBrief(id=event.commune.id, nom=event.commune.name) if event.commune else None,
        "organisateurs": [_structure(request, s) for s in organisers_of(event)],
        "serie": SeriesBrief(
            slug=series.slug, titre=series.title, url=request.build_absolute_uri(series.get_absolute_url())
        )
        if series
        else None,
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "ics": request.build_absolute_uri(reverse("events:ics", kwargs={"slug": event.slug})),
    }


@router.get(
    "",
    response={200: EventPage, 400: FilterErrorOut},
    summary="Rechercher des événements",
    description="Les mêmes filtres que la page `/evenements/`. Un paramètre invalide donne une réponse 400 "
    "`{detail, parametre}`.",
)
def event_search(request: HttpRequest, params: Query[EventQuery]) -> Status[EventPage | FilterErrorOut]:
    """Return one page of public events matching the filters, soonest first."""
    try:
        filters = parse_filters(request.GET)
    except ParameterError as error:
        return Status(400, FilterErrorOut(detail=error.message, parametre=error.parameter))
    page = Paginator(agenda(filters), PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    return Status(
        200,
        EventPage(
            total=page.paginator.count,
            page=page.number,
            pages=page.paginator.num_pages,
            items=[EventItem(**_item_fields(request, e)) for e in page.object_list],
        ),
    )


@router.get("/series/{slug}", response={200: SeriesOut, 404: Error}, summary="Une série d'événements")
def series_detail(request: HttpRequest, slug: str) -> Status[SeriesOut | Error]:
    """Return a series (a cycle of meetings or a recurring appointment) with its public events."""
    series = EventSeries.objects.filter(slug=slug[:120]).first()
    if series is None:
        return Status(404, Error(detail=f"Série inconnue : {slug[:120]}"))
    return Status(
        200,
        SeriesOut(
            slug=series.slug,
            titre=series.title,
            nature=series.kind,
            presentation=series.description,
            url=request.build_absolute_uri(series.get_absolute_url()),
            ics=request.build_absolute_uri(reverse("events:series_ics", kwargs={"slug": series.slug})),
            evenements=[EventItem(**_item_fields(request, e)) for e in series_events(series)],
        ),
    )


@router.get("/{slug}", response={200: EventDetail, 404: Error}, summary="Un événement et son programme")
def event_detail(request: HttpRequest, slug: str) -> Status[EventDetail | Error]:
    """Return one public event with its organisers, partners, place, seats and programme."""
    event = event_for_page(slug[:120])
    if event is None or event.withdrawn_at is not None or event.status not in ("published", "cancelled"):
        return Status(404, Error(detail=f"Événement inconnu : {slug[:120]}"))
    return Status(
        200,
        EventDetail(
            **_item_fields(request, event),
            presentation=event.description,
            adresse=event.street,
            en_ligne=event.online_url if event.attendance_mode != "offline" else "",
            public=event.audience,
            accessibilite=event.accessibility,
            tarif=event.price,
            partenaires=[_structure(request, s) for s in partners_of(event)],
            places=event.capacity,
            places_restantes=event.seats_left,
            programme=[
                SessionOut(
                    titre=s.title,
                    debut=s.starts_at.isoformat(),
                    fin=s.ends_at.isoformat(),
                    salle=s.room,
                    format=s.format,
                    intervenants=[_structure(request, p) for p in s.speakers.all()],
                )
                for s in event.sessions.all()
            ],
            source=event.source_label,
            date_source=event.source_date.isoformat() if event.source_date else None,
            version=event.version,
        ),
    )
