"""Widgets to embed in partners' pages: server-rendered, no script, no cookie, no personal data.

Each widget reads the directory's filters (`q`, `territoire`, `discipline`, `reseau`…) with the directory's
own parser, and its own parameters (`couleur`, `compact`, `preset`) with `options`. A bad value is a 400
page, inside the frame, that says which parameter and why. Following a link out of a widget goes through
`open_link`, which counts one visit for the widget and the day, and nothing else.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from maillage.events import selectors as agenda_selectors
from maillage.portals.enums import Widget
from maillage.portals.selectors import apply_preset, portal_structures, structures_page
from maillage.portals.services import widget_visit_record
from maillage.search.params import ParameterError
from maillage.structures.exports import structure_path
from maillage.structures.models import Structure
from maillage.structures.search import FilterError, parse_filters
from maillage.territories.models import Territory
from maillage.territories.selectors import canonical_id
from maillage.www.embed.figures import territory_key_figures
from maillage.www.embed.mapping import results_map
from maillage.www.embed.options import EmbedOptionError, EmbedOptions, open_url, page_size, parse_options
from maillage.www.structures.listing import filter_params, with_query

MAX_TARGET_LENGTH = 500


def _error(request: HttpRequest, parameter: str, message: str, status: int = 400) -> HttpResponse:
    context = {"parameter": parameter, "message": message}
    return render(request, "embed/error.html", context, status=status)


def _options(request: HttpRequest) -> EmbedOptions:
    return parse_options(request.GET)


def _structures(
    request: HttpRequest, *, widget: Widget, params: QueryDict, extra: dict[str, Any] | None = None
) -> HttpResponse:
    """Render a list (or map) of structures for the filters, preset applied; a bad value is a 400."""
    try:
        options = _options(request)
        filters = parse_filters(params)
        filters = dataclasses.replace(filters, page_size=page_size(params, options))
    except (EmbedOptionError, FilterError) as error:
        return _error(request, error.parameter, error.message)
    portal = options.portal
    page = structures_page(portal, filters)
    shown = apply_preset(portal, filters)
    links = {**filter_params(filters), **options.params}
    links.pop("taille", None)

    def page_url(number: int) -> str:
        return with_query(request.path, {**links, "page": str(number)} if number > 1 else links)

    context: dict[str, Any] = {
        "widget": widget,
        "options": options,
        "portal": portal,
        "filters": shown,
        "page": page,
        "items": [(s, open_url(widget, structure_path(s.slug), options)) for s in page.items],
        "previous_url": page_url(page.number - 1) if page.has_previous else "",
        "next_url": page_url(page.number + 1) if page.has_next and page.items else "",
        "all_url": open_url(widget, with_query("/structures/", shown.as_params()), options),
        "form_q": filters.q,
        "form_hidden": [
            (k, v) for k, values in links.items() if k not in ("q", "page") for v in _listed(values)
        ],
        **(extra or {}),
    }
    if widget == Widget.MAP:
        context["map_svg"] = results_map(portal_structures(portal, filters), shown.territory)
    return render(request, "embed/structures.html", context)


def _listed(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


@require_GET
def structures_widget(request: HttpRequest) -> HttpResponse:
    """Render the directory's list, as /structures/ filters it."""
    return _structures(request, widget=Widget.STRUCTURES, params=request.GET)


@require_GET
def map_widget(request: HttpRequest) -> HttpResponse:
    """Render the directory's map as a picture, with the same results listed under it."""
    return _structures(request, widget=Widget.MAP, params=request.GET)


@require_GET
def network_widget(request: HttpRequest, slug: str) -> HttpResponse:
    """Render a network's current members."""
    network = Structure.objects.published().filter(slug=slug).only("pk", "name", "acronym", "slug").first()
    if network is None:
        return _error(request, "reseau", f"Réseau inconnu : « {slug[:40]} ».", status=404)
    params = request.GET.copy()
    params.setlist("reseau", [network.slug])
    return _structures(request, widget=Widget.NETWORK, params=params, extra={"network": network})


@require_GET
def territory_widget(request: HttpRequest, territory_id: str) -> HttpResponse:
    """Render a territory's key figures from the observatory's latest snapshot."""
    try:
        options = _options(request)
    except EmbedOptionError as error:
        return _error(request, error.parameter, error.message)
    territory = Territory.objects.filter(id=canonical_id(territory_id[:80])).first()
    if territory is None:
        return _error(request, "territoire", f"Territoire inconnu : « {territory_id[:40]} ».", status=404)
    context = {
        "widget": Widget.TERRITORY,
        "options": options,
        "territory": territory,
        "figures": territory_key_figures(territory),
        "page_url": open_url(Widget.TERRITORY, f"/territoires/{territory.id}/", options),
    }
    return render(request, "embed/territory.html", context)


@require_GET
def agenda_widget(request: HttpRequest) -> HttpResponse:
    """Render the coming events, filtered as the agenda is (`territoire`, `reseau`, `type`, `q`…)."""
    try:
        options = _options(request)
        filters = agenda_selectors.parse_filters(request.GET)
    except EmbedOptionError as error:
        return _error(request, error.parameter, error.message)
    except ParameterError as error:
        return _error(request, error.parameter, error.message)
    if filters.start is None:
        filters = dataclasses.replace(filters, start=timezone.localdate())
    portal = options.portal
    if portal is not None:
        preset: dict[str, Any] = {}
        if portal.network_id is not None:
            preset["network"] = portal.network
        if portal.territory_id is not None:
            preset["territory"] = portal.territory
        filters = dataclasses.replace(filters, **preset)
    events = agenda_selectors.agenda(filters)
    if portal is not None:
        excluded = portal.excluded.through.objects.filter(portal=portal).values("structure_id")
        events = events.exclude(organiser_links__structure_id__in=excluded)
    try:
        size = page_size(request.GET, options)
    except EmbedOptionError as error:
        return _error(request, error.parameter, error.message)
    context = {
        "widget": Widget.AGENDA,
        "options": options,
        "items": [(e, open_url(Widget.AGENDA, e.get_absolute_url(), options)) for e in events[:size]],
        "all_url": open_url(Widget.AGENDA, "/evenements/", options),
    }
    return render(request, "embed/agenda.html", context)


@require_GET
def open_link(request: HttpRequest, kind: str) -> HttpResponse:
    """Count one visit out of a widget, then lead to the page of the site it names."""
    if kind not in Widget.values:
        raise Http404("Widget inconnu.")
    target = request.GET.get("vers", "")
    if (
        not target.startswith("/")
        or target.startswith("/embed/")
        or len(target) > MAX_TARGET_LENGTH
        or not url_has_allowed_host_and_scheme(target, allowed_hosts=None)
    ):
        return HttpResponseBadRequest(
            "« vers » doit être une adresse du site (commençant par « / »).",
            content_type="text/plain; charset=utf-8",
        )
    try:
        portal = parse_options(request.GET).portal
    except EmbedOptionError:
        portal = None  # a retired preset still leads on; its visit is counted with the open widgets
    widget_visit_record(widget=kind, portal=portal)
    return HttpResponseRedirect(target)
