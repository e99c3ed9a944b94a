"""Search the catalogue: one parser of filters and one query for the page, the API and the exports."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from maillage.schemes.enums import Instrument, TagKind, Target
from maillage.schemes.models import Scheme, SchemePorteur, SchemeTag, SchemeTerritory
from maillage.schemes.needs import need_labels
from maillage.search.fulltext import filter_fulltext
from maillage.search.params import ParameterError, parse_positive_int
from maillage.territories.models import Territory, TerritoryCommune
from maillage.territories.selectors import canonical_id

FTS_TABLE = "schemes_scheme_fts"
MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
OPENINGS = {"ouvert": "ouverts aujourd'hui", "bientot_clos": "clôture dans les 30 jours"}
# Facets by URL parameter: the tag kind they count.
TAG_FACETS = {
    "type_aide": TagKind.AID_TYPE,
    "besoin": TagKind.NEED,
    "instrument": TagKind.INSTRUMENT,
    "cible": TagKind.TARGET,
}


class FilterError(ValueError):
    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class SchemeFilters:
    q: str = ""
    territory: Territory | None = None
    tags: tuple[tuple[str, str], ...] = ()  # (parameter, value)
    porteur: str = ""
    opening: str = ""
    page: int = 1
    page_size: int = PAGE_SIZE

    def as_params(self, **overrides: Any) -> dict[str, Any]:
        params: dict[str, Any] = {"q": self.q, "territoire": self.territory.id if self.territory else ""}
        for name in TAG_FACETS:
            params[name] = [v for n, v in self.tags if n == name]
        params.update({"porteur": self.porteur, "ouverture": self.opening})
        params.update(overrides)
        return {k: v for k, v in params.items() if v not in ("", [], None)}


def _values(params: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(params, "getlist", None)
    raw = getlist(name) if getlist else params.get(name, [])
    values = raw if isinstance(raw, list | tuple) else [raw]
    return [str(v).strip() for v in values if str(v).strip()]


def _one(params: Mapping[str, Any], name: str) -> str:
    values = _values(params, name)
    return values[-1] if values else ""


def _allowed(name: str) -> dict[str, str] | None:
    """Return the closed list of a facet's values, or None when any value found in the data may come."""
    return {
        "besoin": need_labels(),
        "instrument": dict(Instrument.choices),
        "cible": dict(Target.choices),
    }.get(name)


def parse_filters(params: Mapping[str, Any]) -> SchemeFilters:
    """Read the filters of a query string; FilterError says in French which one is wrong."""
    q = _one(params, "q")
    if len(q) > MAX_QUERY_LENGTH:
        raise FilterError("q", f"La recherche est limitée à {MAX_QUERY_LENGTH} caractères.")
    territory = None
    if raw := _one(params, "territoire"):
        territory = Territory.objects.filter(id=canonical_id(raw)).first()
        if territory is None:
            raise FilterError("territoire", f"Territoire inconnu : « {raw[:40]} ».")
    tags: list[tuple[str, str]] = []
    for name in TAG_FACETS:
        values = list(dict.fromkeys(_values(params, name)))
        allowed = _allowed(name)
        if allowed is not None and (bad := [v for v in values if v not in allowed]):
            raise FilterError(name, f"Valeur inconnue pour « {name} » : « {bad[0][:40]} ».")
        tags += [(name, v[:100]) for v in values]
    opening = _one(params, "ouverture")
    if opening and opening not in OPENINGS:
        raise FilterError("ouverture", "« ouverture » vaut « ouvert » ou « bientot_clos ».")
    try:
        page = parse_positive_int(_one(params, "page") or "1", field="page", maximum=10_000, clamp=True)
        size = parse_positive_int(
            _one(params, "taille") or str(PAGE_SIZE), field="taille", maximum=MAX_PAGE_SIZE, clamp=True
        )
    except ParameterError as error:
        raise FilterError(error.parameter, error.message) from None
    porteur = _one(params, "porteur")[:300]
    return SchemeFilters(q, territory, tuple(tags), porteur, opening, page, size)


def reaching_commune(commune_id: str) -> Q:
    """Return the condition of a scheme whose area holds the commune and whose exclusions do not."""
    # Two uncorrelated sub-queries on the (territory, excluded, scheme) index: the commune's few
    # containers pick the schemes, rather than each scheme testing its own area.
    containers = TerritoryCommune.objects.filter(commune_id=commune_id).values("territory_id")
    area = SchemeTerritory.objects.filter(territory_id__in=containers)
    return Q(pk__in=area.filter(excluded=False).values("scheme_id")) & ~Q(
        pk__in=area.filter(excluded=True).values("scheme_id")
    )


def overlapping_territory(territory: Territory) -> Q:
    """Return the condition of a scheme whose area contains or lies within the territory, minus exclusions.

    Containing or contained both mean sharing a commune; an exclusion removes the scheme only when it
    covers the whole territory searched (a scheme for the région excluding the Loire still serves the
    Rhône, and the région as a whole).
    """
    communes = TerritoryCommune.objects.filter(territory_id=territory.id).values("commune_id")
    touching = TerritoryCommune.objects.filter(commune_id__in=communes).values("territory_id")
    included = SchemeTerritory.objects.filter(
        scheme=OuterRef("pk"), excluded=False, territory_id__in=touching
    )
    # The exclusions holding one of the territory's containers (itself included) cover it whole.
    holders = TerritoryCommune.objects.filter(
        commune_id=TerritoryCommune.objects.filter(territory_id=territory.id).values("commune_id")[:1]
    ).values("territory_id")
    excluded = SchemeTerritory.objects.filter(
        scheme=OuterRef("pk"), excluded=True, territory_id__in=holders
    ).filter(territory__commune_links__commune_id__in=communes)
    covering = excluded.annotate(n=Count("territory__commune_links")).filter(n__gte=_size(territory))
    return Q(Exists(included)) & ~Q(Exists(covering))


def _size(territory: Territory) -> int:
    return TerritoryCommune.objects.filter(territory_id=territory.id).count()


def filter_schemes(
    filters: SchemeFilters, *, except_facet: str = "", now: datetime.datetime | None = None
) -> QuerySet[Scheme]:
    """Return the visible schemes matching the filters, unordered."""
    queryset: QuerySet[Scheme] = Scheme.objects.visible()
    if filters.q:
        queryset = filter_fulltext(queryset, filters.q, fts_table=FTS_TABLE)
    if filters.territory is not None:
        queryset = queryset.filter(overlapping_territory(filters.territory))
    for name, kind in TAG_FACETS.items():
        values = [v for n, v in filters.tags if n == name]
        if values and except_facet != name:
            queryset = queryset.filter(
                pk__in=SchemeTag.objects.filter(kind=kind, value__in=values).values("scheme_id")
            )
    if filters.porteur and except_facet != "porteur":
        queryset = queryset.filter(
            pk__in=SchemePorteur.objects.filter(name=filters.porteur).values("scheme_id")
        )
    if filters.opening:
        queryset = queryset.filter(open_now(now or timezone.now()))
        if filters.opening == "bientot_clos":
            moment = now or timezone.now()
            queryset = queryset.filter(closes_at__lte=moment + datetime.timedelta(days=30))
    return queryset


def open_now(moment: datetime.datetime) -> Q:
    return (Q(opens_at__isnull=True) | Q(opens_at__lte=moment)) & (
        Q(closes_at__isnull=True) | Q(closes_at__gt=moment)
    )


def order_schemes(queryset: QuerySet[Scheme]) -> QuerySet[Scheme]:
    """Narrowest area first, then the earliest closing (open-ended last), then title."""
    return queryset.order_by("area_communes", "closes_at", "title", "pk").prefetch_related("porteurs")


def facets(filters: SchemeFilters) -> dict[str, list[tuple[str, str, int]]]:
    """Count each facet's values among the schemes matching the other filters: one query per facet."""
    found: dict[str, list[tuple[str, str, int]]] = {}
    labels_of = {
        "type_aide": {},
        "besoin": need_labels(),
        "instrument": dict(Instrument.choices),
        "cible": dict(Target.choices),
    }
    for name, kind in TAG_FACETS.items():
        ids = filter_schemes(filters, except_facet=name).values("pk")
        rows = (
            SchemeTag.objects.filter(kind=kind, scheme_id__in=ids)
            .values("value")
            .annotate(n=Count("scheme_id"))
            .order_by("-n", "value")
        )
        labels: dict[str, str] = labels_of[name]
        found[name] = [(r["value"], labels.get(r["value"], r["value"]), r["n"]) for r in rows[:30]]
    ids = filter_schemes(filters, except_facet="porteur").values("pk")
    porteurs = (
        SchemePorteur.objects.filter(scheme_id__in=ids)
        .values("name")
        .annotate(n=Count("scheme_id"))
        .order_by("-n", "name")
    )
    found["porteur"] = [(r["name"], r["name"], r["n"]) for r in porteurs[:30]]
    return found
