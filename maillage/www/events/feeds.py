"""Calendar feeds (.ics): an event, a series, an organiser, a territory, the agenda, and a personal feed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from maillage.events.calendar import calendar_bytes
from maillage.events.enums import RegistrationStatus
from maillage.events.models import CalendarFeed, Event, EventSeries
from maillage.events.openagenda import export_openagenda
from maillage.events.selectors import agenda, parse_filters, with_organisers
from maillage.search.params import ParameterError
from maillage.structures.models import Structure
from maillage.territories.models import Territory

FEED_LIMIT = 1000


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.public().select_related("commune"), slug=slug)
    return _ics(calendar_bytes([event], name=event.title), event.slug)


def series_ics(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(EventSeries, slug=slug)
    events = Event.objects.public().filter(series=series).select_related("commune")
    return _ics(calendar_bytes(events, name=series.title), series.slug)


def organiser_ics(request: HttpRequest, slug: str) -> HttpResponse:
    structure = get_object_or_404(Structure, slug=slug)
    events = (
        Event.objects.public()
        .filter(organiser_links__structure=structure)
        .select_related("commune")
        .distinct()
    )
    return _ics(calendar_bytes(events[:FEED_LIMIT], name=f"Événements — {structure.name}"), structure.slug)


def territory_ics(request: HttpRequest, territory_id: str) -> HttpResponse:
    territory = get_object_or_404(Territory, id=territory_id[:80])
    events = Event.objects.public().in_territory(territory.id).select_related("commune")
    return _ics(calendar_bytes(events[:FEED_LIMIT], name=f"Événements — {territory.name}"), territory.id)


def agenda_ics(request: HttpRequest) -> HttpResponse:
    try:
        filters = parse_filters(request.GET)
    except ParameterError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    return _ics(calendar_bytes(agenda(filters)[:FEED_LIMIT], name="Agenda maillage"), "agenda")


def agenda_openagenda(request: HttpRequest) -> HttpResponse:
    """Serve the filtered agenda in OpenAgenda's event format."""
    try:
        filters = parse_filters(request.GET)
    except ParameterError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    events = agenda(filters).prefetch_related("series")[:FEED_LIMIT]
    response = JsonResponse(export_openagenda(events), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="agenda-openagenda.json"'
    return response


def personal_ics(request: HttpRequest, token: str) -> HttpResponse:
    """Serve the events a person registered to; the secret token in the address is the only key."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token[:64]).first()
    if feed is None or not feed.user.is_active:
        raise Http404("Agenda introuvable.")
    events = with_organisers(
        Event.objects.public()
        .filter(
            registrations__user=feed.user,
            registrations__status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING),
        )
        .distinct()
    )
    return _ics(calendar_bytes(events[:FEED_LIMIT], name="Mes inscriptions"), "mes-inscriptions")


@login_required
def my_feed(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:  # login_required has let only logged-in people through
        raise Http404
    """Give the person the secret address of their feed (POST creates it, or a new one replacing it)."""
    if request.method == "POST":
        CalendarFeed.objects.filter(user=user).delete()
        CalendarFeed.objects.create(user=user)
        return HttpResponseRedirect(reverse("events:my_feed"))
    feed = CalendarFeed.objects.filter(user=user).first()
    url = (
        request.build_absolute_uri(reverse("events:personal_ics", kwargs={"token": feed.token}))
        if feed
        else None
    )
    return render(request, "www/events/my_feed.html", {"feed_url": url})
