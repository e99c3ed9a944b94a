"""Territory search for autocomplete: names without accents or case, postal codes, INSEE codes, SIREN."""

from __future__ import annotations

import re

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from maillage.search.normalize import search_key
from maillage.territories.enums import Level
from maillage.territories.models import CommuneCode, PostalCode, Territory
from maillage.territories.resolver import normalise_insee_code

MAX_RESULTS = 50
# How people shorten names when they type: "st etienne" means Saint-Étienne.
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_DEPARTEMENT = re.compile(r"^(\d{2,3}|2[AB])$")
_SIREN = re.compile(r"^\d{9}$")
# Between two equally good name matches, the wider territory comes first: "Loire" the département
# before the communes of the same name.
_LEVEL_ORDER = Case(
    When(level=Level.PAYS, then=Value(0)),
    When(level=Level.REGION, then=Value(1)),
    When(level=Level.DEPARTEMENT, then=Value(2)),
    When(level=Level.PROJET, then=Value(3)),
    When(level=Level.EPCI, then=Value(4)),
    When(level=Level.COMMUNE, then=Value(5)),
    default=Value(6),
    output_field=IntegerField(),
)


def search_territories(query: str, *, limit: int = 10) -> list[Territory]:
    """Return current territories matching a query, best first."""
    limit = max(1, min(limit, MAX_RESULTS))
    raw = query.strip()
    if not raw:
        return []
    code = normalise_insee_code(raw)
    if _INSEE.match(code) or _SIREN.match(code):
        return _by_code(code, limit)
    key = search_key(raw)
    if not key:
        return []
    key = " ".join(ABBREVIATIONS.get(token, token) for token in key.split())
    matches = Territory.objects.current().exclude(level=Level.ARRONDISSEMENT)
    for token in key.split():
        matches = matches.filter(search_name__contains=token)
    if _DEPARTEMENT.match(code):
        matches = Territory.objects.current().filter(
            Q(level__in=[Level.DEPARTEMENT, Level.REGION], code=code) | Q(pk__in=matches.values("pk"))
        )
    ranked = matches.select_related("departement").annotate(
        match_rank=Case(
            When(search_name=key, then=Value(0)),
            When(search_name__startswith=key + " ", then=Value(1)),
            When(search_name__startswith=key, then=Value(2)),
            When(search_name__contains=" " + key, then=Value(3)),
            default=Value(4),
            output_field=IntegerField(),
        ),
        level_rank=_LEVEL_ORDER,
        weight=Coalesce("population", Value(0)),
    )
    if _DEPARTEMENT.match(code):
        ranked = ranked.annotate(
            code_rank=Case(When(code=code, then=Value(0)), default=Value(1), output_field=IntegerField())
        ).order_by("code_rank", "match_rank", "-weight", "level_rank", "name")
    else:
        ranked = ranked.order_by("match_rank", "-weight", "level_rank", "name")
    return list(ranked[:limit])


def _by_code(code: str, limit: int) -> list[Territory]:
    """Match an INSEE code (current, arrondissement or former), a postal code, or an EPCI's SIREN."""
    base: QuerySet[Territory] = Territory.objects.current().select_related("departement")
    if _SIREN.match(code):
        return list(base.filter(level=Level.EPCI, code=code)[:limit])
    found: list[Territory] = list(base.filter(level=Level.COMMUNE, code=code))
    for arrondissement in base.filter(level=Level.ARRONDISSEMENT, code=code).select_related("commune"):
        found += [arrondissement.commune, arrondissement] if arrondissement.commune else [arrondissement]
    # Postal codes of Paris, Lyon and Marseille belong to arrondissements: show their commune.
    postal_ids = PostalCode.objects.filter(code=code).values("commune_id")
    for territory in base.filter(id__in=postal_ids).select_related("commune").order_by("-population", "name"):
        found.append(territory.commune or territory)
    # A former code last: 75001 was Alfortville's code before 1968, but today people mean the postal code.
    former = CommuneCode.objects.filter(code=code).select_related("commune__departement").first()
    if former is not None:
        found.append(former.commune)
    unique: dict[str, Territory] = {}
    for territory in found:
        unique.setdefault(territory.id, territory)
    return list(unique.values())[:limit]
