"""Suggestions as one types, swapped into a <datalist> by HTMX: communes and structures."""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.contributions.references import commune_display, structure_label
from maillage.contributions.selectors import structures_named
from maillage.search.normalize import search_key
from maillage.territories.enums import Level
from maillage.territories.models import PostalCode, Territory
from maillage.territories.search import search_territories

MAX_QUERY = 80
MAX_SUGGESTIONS = 8


def commune_options(request: HttpRequest) -> HttpResponse:
    """Render <option>s of communes matching the text typed, those of the postal code typed first."""
    typed = request.GET.get("commune", "")[:MAX_QUERY]
    postal_code = request.GET.get("postal_code", "")[:5]
    found = search_territories(typed, limit=20) if search_key(typed) else []
    communes = [t for t in found if t.level == Level.COMMUNE]
    served = _served(postal_code)
    communes.sort(key=lambda t: t.pk not in served)  # stable: the search's order otherwise
    communes = communes[:MAX_SUGGESTIONS]
    prefetch_related_objects(communes, "postal_codes")
    options = [(commune_display(t, postal_code), t) for t in communes]
    return render(request, "www/contributions/_commune_options.html", {"options": options})


def commune_for_postal_code(request: HttpRequest) -> HttpResponse:
    """Render the communes a postal code serves, as a hint under the postal code field."""
    postal_code = request.GET.get("postal_code", "")[:5]
    served = _served(postal_code)
    communes = list(
        Territory.objects.current()
        .filter(pk__in=served, level=Level.COMMUNE)
        .prefetch_related(Prefetch("postal_codes", queryset=PostalCode.objects.order_by("code")))
        .order_by("name")[:MAX_SUGGESTIONS]
    )
    options = [commune_display(t, postal_code) for t in communes]
    return render(request, "www/contributions/_postal_code_hint.html", {"options": options})


def structure_options(request: HttpRequest) -> HttpResponse:
    """Render <option>s of structures whose name matches the text typed, accents and case aside."""
    # HTMX sends the field's own name (target, relation-target, other_network…): its only parameter.
    typed = str(next(iter(request.GET.values()), ""))[:MAX_QUERY]
    found = structures_named(typed, limit=MAX_SUGGESTIONS) if search_key(typed) else []
    # The value holds the record's address: picking a suggestion designates that record exactly.
    options = [(f"{s.name} (/structures/{s.slug}/)", structure_label(s)) for s in found]
    return render(request, "www/contributions/_structure_options.html", {"options": options})


def _served(postal_code: str) -> set[str]:
    if len(postal_code) != 5 or not postal_code.isascii() or not postal_code.isdigit():
        return set()
    return set(PostalCode.objects.filter(code=postal_code).values_list("commune_id", flat=True))
