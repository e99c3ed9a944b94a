"""A portal's public pages: its directory, map, agenda, resources and figures, preset and with exclusions.

Served at /portail/<slug>/… and, on a partner's own host name, at the root (hosts.py): the views take the
slug from the address or the portal from the host, and build their links from the portal's base path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any, cast

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.events import selectors as agenda_selectors
from maillage.portals.enums import Section
from maillage.portals.models import Portal
from maillage.portals.selectors import (
    apply_preset,
    highlighted_ids,
    portal_by_id,
    portal_get,
    portal_structures,
    structures_page,
)
from maillage.resources.selectors import resources_of
from maillage.search.params import ParameterError
from maillage.structures import exports
from maillage.structures.search import FilterError, order_structures, parse_filters
from maillage.territories.enums import FRANCE_ID
from maillage.territories.models import Territory
from maillage.www.embed.figures import territory_key_figures
from maillage.www.embed.mapping import results_map
from maillage.www.structures.listing import filter_params, with_query
from maillage.www.structures.logo import CACHE_SECONDS, CONTENT_TYPES

AGENDA_SIZE = 30
EXPORTS = {
    "csv": ("text/csv; charset=utf-8", exports.csv_chunks),
    "geojson": ("application/geo+json", exports.geojson_chunks),
}


def portal_for(request: HttpRequest, slug: str | None) -> Portal:
    """Return the published portal of the address, or of the host name; 404 otherwise."""
    if slug is None:
        portal_id = getattr(request, "portal_id", None)
        portal = portal_by_id(portal_id) if portal_id else None
    else:
        portal = portal_get(slug)
    if portal is None:
        raise Http404("Ce portail n'existe pas ou a été retiré.")
    return portal


def base_path(request: HttpRequest, portal: Portal) -> str:
    """Return the portal's root: / on its own host name, /portail/<slug>/ on the site."""
    return "/" if getattr(request, "portal_id", None) == portal.pk else f"/portail/{portal.slug}/"


def _context(request: HttpRequest, portal: Portal, section: str) -> dict[str, Any]:
    base = base_path(request, portal)
    paths = {
        Section.DIRECTORY: base,
        Section.MAP: f"{base}carte/",
        Section.AGENDA: f"{base}agenda/",
        Section.RESOURCES: f"{base}ressources/",
        Section.OBSERVATORY: f"{base}observatoire/",
    }
    return {
        "portal": portal,
        "base": base,
        "current": section,
        "nav": [(s.label, paths[s], s.value == section) for s in Section if portal.shows(s)],
    }


def _require(portal: Portal, section: Section) -> None:
    if not portal.shows(section):
        raise Http404("Ce portail ne montre pas cette rubrique.")


def _directory(request: HttpRequest, portal: Portal, section: Section) -> HttpResponse:
    context = _context(request, portal, section)
    try:
        filters = parse_filters(request.GET)
    except FilterError as error:
        return render(request, "portals/directory.html", {**context, "error": error}, status=400)
    page = structures_page(portal, filters)
    shown = apply_preset(portal, filters)
    links = filter_params(filters)
    path = request.path

    def page_url(number: int) -> str:
        return with_query(path, {**links, "page": str(number)} if number > 1 else links)

    context.update(
        {
            "filters": shown,
            "page": page,
            "highlighted": highlighted_ids(portal),
            "form_q": filters.q,
            "previous_url": page_url(page.number - 1) if page.has_previous else "",
            "next_url": page_url(page.number + 1) if page.has_next and page.items else "",
            "exports": [
                (label, with_query(f"{context['base']}export/{kind}/", filters.as_params()))
                for kind, label in (("csv", "CSV"), ("geojson", "GeoJSON"))
            ],
        }
    )
    if section == Section.MAP:
        context["map_svg"] = results_map(portal_structures(portal, filters), shown.territory)
    return render(request, "portals/directory.html", context)


@require_GET
def home(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Render the portal's front page: its introduction, then its directory when it shows one."""
    portal = portal_for(request, slug)
    if not portal.shows(Section.DIRECTORY):
        return render(request, "portals/home.html", _context(request, portal, ""))
    return _directory(request, portal, Section.DIRECTORY)


@require_GET
def map_page(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Render the portal's map of its structures, the same list under it."""
    portal = portal_for(request, slug)
    _require(portal, Section.MAP)
    return _directory(request, portal, Section.MAP)


@require_GET
def agenda_page(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Render the coming events of the portal's network or territory."""
    portal = portal_for(request, slug)
    _require(portal, Section.AGENDA)
    context = _context(request, portal, Section.AGENDA)
    try:
        filters = agenda_selectors.parse_filters(request.GET)
    except ParameterError as error:
        return render(request, "portals/agenda.html", {**context, "error": error}, status=400)
    preset: dict[str, Any] = {"start": filters.start or timezone.localdate()}
    if portal.network_id is not None:
        preset["network"] = portal.network
    if portal.territory_id is not None:
        preset["territory"] = portal.territory
    events = agenda_selectors.agenda(dataclasses.replace(filters, **preset))
    excluded = portal.excluded.through.objects.filter(portal=portal).values("structure_id")
    context["events"] = list(events.exclude(organiser_links__structure_id__in=excluded)[:AGENDA_SIZE])
    return render(request, "portals/agenda.html", context)


@require_GET
def resources_page(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Render the resources the portal's structures published or made."""
    portal = portal_for(request, slug)
    _require(portal, Section.RESOURCES)
    context = _context(request, portal, Section.RESOURCES)
    structures = portal_structures(portal, parse_filters({}))
    context["resources"] = resources_of(cast(Any, structures.values("pk")))
    return render(request, "portals/resources.html", context)


@require_GET
def observatory_page(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Render the key figures of the portal's territory (France when it has none)."""
    portal = portal_for(request, slug)
    _require(portal, Section.OBSERVATORY)
    territory = portal.territory or Territory.objects.filter(id=FRANCE_ID).first()
    context = _context(request, portal, Section.OBSERVATORY)
    context.update({"territory": territory, "figures": territory_key_figures(territory) if territory else []})
    return render(request, "portals/observatory.html", context)


@require_GET
def export(request: HttpRequest, kind: str, slug: str | None = None) -> HttpResponse | StreamingHttpResponse:
    """Download the portal's structures for the filters: its preset and exclusions hold here too."""
    portal = portal_for(request, slug)
    if kind not in EXPORTS or not (portal.shows(Section.DIRECTORY) or portal.shows(Section.MAP)):
        raise Http404("Export inconnu.")
    try:
        filters = parse_filters(request.GET)
    except FilterError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    structures = order_structures(portal_structures(portal, filters), apply_preset(portal, filters))
    content_type, writer = EXPORTS[kind]
    site_url = request.build_absolute_uri("/").rstrip("/")
    chunks: Iterator[str] = writer(structures, site_url=site_url, limit=exports.EXPORT_LIMIT)
    response = StreamingHttpResponse((c.encode() for c in chunks), content_type=content_type)
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{portal.slug}-structures-{day}.{kind}"'
    return response


@require_GET
def logo(request: HttpRequest, slug: str | None = None) -> FileResponse:
    """Return the portal's logo, served as a picture and nothing else."""
    portal = portal_for(request, slug)
    name = portal.logo.name
    content_type = CONTENT_TYPES.get(PurePosixPath(name).suffix.lower()) if name else None
    if not name or content_type is None or not portal.logo.storage.exists(name):
        raise Http404("Ce portail n'a pas de logo.")
    response = FileResponse(portal.logo.storage.open(name, "rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
