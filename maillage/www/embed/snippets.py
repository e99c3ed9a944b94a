"""The snippet generator at /embed/: every widget with its address and the <iframe> to copy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maillage.portals.enums import Colour, Widget
from maillage.structures.models import Structure
from maillage.territories.enums import FRANCE_ID
from maillage.territories.models import Territory
from maillage.territories.selectors import canonical_id
from maillage.www.embed.options import EmbedOptionError, parse_options
from maillage.www.structures.listing import with_query

HEIGHTS = {
    Widget.STRUCTURES: 640,
    Widget.MAP: 760,
    Widget.TERRITORY: 360,
    Widget.NETWORK: 640,
    Widget.AGENDA: 520,
}


@dataclass(frozen=True)
class Snippet:
    widget: Widget
    url: str
    code: str
    note: str = ""


def _iframe(url: str, title: str, height: int) -> str:
    return (
        f'<iframe src="{url}" title="{title}" width="100%" height="{height}" '
        'style="border:0" loading="lazy"></iframe>'
    )


@require_GET
def snippets(request: HttpRequest) -> HttpResponse:
    """Render the widgets' addresses and snippets for the filters and look chosen in the form."""
    get = request.GET
    errors: list[str] = []
    try:
        options = parse_options(get)
    except EmbedOptionError as error:
        errors.append(error.message)
        options = parse_options({})
    q = get.get("q", "").strip()[:200]
    territory_raw = get.get("territoire", "").strip()[:80]
    territory = Territory.objects.filter(id=canonical_id(territory_raw)).first() if territory_raw else None
    if territory_raw and territory is None:
        errors.append(f"Territoire inconnu : « {territory_raw[:40]} » (un code comme DEP-42 ou COM-42218).")
    network_raw = get.get("reseau", "").strip()[:120]
    network = Structure.objects.published().filter(slug=network_raw).first() if network_raw else None
    if network_raw and network is None:
        errors.append(
            f"Réseau inconnu : « {network_raw[:40]} » (son adresse courte, comme dans /structures/…/)."
        )
    look = options.params
    filters = {k: v for k, v in {"q": q, "territoire": territory.id if territory else ""}.items() if v}
    site = request.build_absolute_uri("/").rstrip("/")
    paths: list[tuple[Widget, str, str]] = [
        (Widget.STRUCTURES, with_query("/embed/structures/", {**filters, **look}), ""),
        (Widget.MAP, with_query("/embed/carte/", {**filters, **look}), ""),
        (
            Widget.TERRITORY,
            with_query(f"/embed/territoire/{territory.id if territory else FRANCE_ID}/", look),
            "" if territory else "Choisissez un territoire ci-dessus ; à défaut, la France entière.",
        ),
        (
            Widget.NETWORK,
            with_query(
                f"/embed/reseau/{network.slug}/", {k: v for k, v in filters.items() if k != "q"} | look
            )
            if network
            else "",
            "" if network else "Indiquez l'adresse courte d'un réseau ci-dessus pour obtenir ce widget.",
        ),
        (
            Widget.AGENDA,
            with_query("/embed/agenda/", {**({"territoire": territory.id} if territory else {}), **look}),
            "",
        ),
    ]
    items = [
        Snippet(w, path, _iframe(site + path, f"{w.label} — maillage", HEIGHTS[w]) if path else "", note)
        for w, path, note in paths
    ]
    context: dict[str, Any] = {
        "options": options,
        "errors": errors,
        "snippets": items,
        "colours": Colour.choices,
        "form": {
            "q": q,
            "territoire": territory_raw,
            "reseau": network_raw,
            "couleur": get.get("couleur", ""),
        },
        "compact": options.compact,
        "preview": items[0].url,
    }
    return render(request, "embed/snippets.html", context, status=400 if errors else 200)
