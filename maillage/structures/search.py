"""Search the directory: parse filters once, then list, count and facet structures for pages and the API."""

from __future__ import annotations

import copy
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from maillage.search.fulltext import filter_fulltext
from maillage.search.normalize import search_key
from maillage.search.params import ParameterError, id_or_none, parse_positive_int
from maillage.search.result_cache import ResultCache
from maillage.structures import facet_counts, search_counted
from maillage.structures.enums import EssFamily, StructureKind
from maillage.structures.models import Discipline, Relation, Structure
from maillage.territories.enums import Level
from maillage.territories.models import Territory, TerritoryCommune
from maillage.territories.selectors import canonical_id

FTS_TABLE = "structures_structure_fts"
MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Beyond this, a page number is a mistake or a crawler: answer an empty page, never a deep OFFSET scan.
MAX_PAGE = 10_000
# Facets of searches without text, discipline or network are read from the counts the database keeps;
# the bench turns this off to measure counting the structures themselves (the previous way) beside it.
COUNTED_FACETS = True
STATES = {"actif": "en activité", "ferme": "fermées", "tous": "toutes"}
SORTS = {"pertinence": "pertinence", "nom": "nom (A → Z)", "-nom": "nom (Z → A)", "recent": "mises à jour"}
YES_NO = {"oui": True, "non": False}


class FilterError(ValueError):
    """A filter a person or a program sent cannot be understood; the message says which and why."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class StructureFilters:
    q: str = ""
    territory: Territory | None = None
    disciplines: tuple[Discipline, ...] = ()
    families: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    network: Structure | None = None
    ess: bool | None = None
    state: str = "actif"
    sort: str = "pertinence"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def as_params(self, **overrides: Any) -> dict[str, Any]:
        """Return the filters as URL parameters (lists for repeated ones), to build shareable links."""
        params: dict[str, Any] = {
            "q": self.q,
            "territoire": self.territory.id if self.territory else "",
            "discipline": [d.slug for d in self.disciplines],
            "famille": list(self.families),
            "type": list(self.kinds),
            "reseau": self.network.slug if self.network else "",
            "ess": {True: "oui", False: "non"}.get(self.ess, "") if self.ess is not None else "",
            "etat": "" if self.state == "actif" else self.state,
            "tri": "" if self.sort == "pertinence" else self.sort,
        }
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


def _positive_int(params: Mapping[str, Any], name: str, default: int, maximum: int) -> int:
    raw = _one(params, name)
    if not raw:
        return default
    try:
        return parse_positive_int(raw, field=name, maximum=maximum, clamp=True)
    except ParameterError as error:
        raise FilterError(error.parameter, error.message) from None


def parse_filters(params: Mapping[str, Any]) -> StructureFilters:
    """Read filters from query parameters; raise FilterError with a French message on a bad value."""
    q = _one(params, "q")
    if len(q) > MAX_QUERY_LENGTH:
        raise FilterError("q", f"La recherche est limitée à {MAX_QUERY_LENGTH} caractères.")
    territory = None
    if territory_id := _one(params, "territoire"):
        territory = Territory.objects.filter(id=canonical_id(territory_id)).first()
        if territory is None:
            raise FilterError("territoire", f"Territoire inconnu : « {territory_id[:40]} ».")
    disciplines: tuple[Discipline, ...] = ()
    if slugs := _values(params, "discipline"):
        found = {d.slug: d for d in Discipline.objects.filter(slug__in=slugs)}
        unknown = [s for s in slugs if s not in found]
        if unknown:
            raise FilterError("discipline", f"Discipline inconnue : « {unknown[0][:40]} ».")
        disciplines = tuple(found[s] for s in dict.fromkeys(slugs))
    families = tuple(dict.fromkeys(_values(params, "famille")))
    if bad := [f for f in families if f not in EssFamily.values]:
        raise FilterError("famille", f"Famille de l'ESS inconnue : « {bad[0][:40]} ».")
    kinds = tuple(dict.fromkeys(_values(params, "type")))
    if bad := [k for k in kinds if k not in StructureKind.values]:
        raise FilterError("type", f"Type de structure inconnu : « {bad[0][:40]} ».")
    network = None
    if network_ref := _one(params, "reseau"):
        number = id_or_none(network_ref)
        lookup = Q(slug=network_ref) | (Q(pk=number) if number is not None else Q())
        network = Structure.objects.filter(lookup).first()
        if network is None:
            raise FilterError("reseau", f"Réseau inconnu : « {network_ref[:40]} ».")
    ess_raw = _one(params, "ess").lower()
    if ess_raw and ess_raw not in YES_NO:
        raise FilterError("ess", "« ess » vaut « oui » ou « non ».")
    state = _one(params, "etat") or "actif"
    if state not in STATES:
        raise FilterError("etat", "« etat » vaut « actif », « ferme » ou « tous ».")
    sort = _one(params, "tri") or "pertinence"
    if sort not in SORTS:
        raise FilterError("tri", f"Tri inconnu : « {sort[:20]} » ({', '.join(SORTS)}).")
    return StructureFilters(
        q=q,
        territory=territory,
        disciplines=disciplines,
        families=families,
        kinds=kinds,
        network=network,
        ess=YES_NO.get(ess_raw),
        state=state,
        sort=sort,
        page=_positive_int(params, "page", 1, MAX_PAGE + 1),
        page_size=_positive_int(params, "taille", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    )


def filter_structures(filters: StructureFilters, *, except_facet: str = "") -> QuerySet[Structure]:
    """Return the structures matching the filters, unordered."""
    # Withdrawn records are kept for their people, never shown to the public: lists, map, API, exports.
    queryset: QuerySet[Structure] = Structure.objects.published()
    if filters.state == "actif":
        queryset = queryset.filter(is_active=True)
    elif filters.state == "ferme":
        queryset = queryset.filter(is_active=False)
    if filters.q:
        queryset = filter_fulltext(queryset, filters.q, fts_table=FTS_TABLE)
    if filters.territory is not None:
        # One indexed sub-query whatever the level, project territories included (see ADR 1).
        communes = TerritoryCommune.objects.filter(territory_id=filters.territory.id).values("commune_id")
        queryset = queryset.filter(commune_id__in=communes)
    if filters.disciplines:
        # A discipline includes its sub-disciplines: "spectacle vivant" finds the théâtre companies.
        # One sub-query (not a query for the children each time filters are applied: a page applies
        # them two or three times).
        ids = {d.pk for d in filters.disciplines}
        wanted = Discipline.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids)).values("pk")
        queryset = queryset.filter(
            pk__in=Structure.disciplines.through.objects.filter(discipline_id__in=wanted).values(
                "structure_id"
            )
        )
    if filters.families and except_facet != "famille":
        queryset = queryset.filter(ess_family__in=filters.families)
    if filters.kinds and except_facet != "type":
        queryset = queryset.filter(kind__in=filters.kinds)
    if filters.network is not None:
        members = Relation.objects.current().member_of().filter(target=filters.network)
        queryset = queryset.filter(pk__in=members.values("source_id"))
    if filters.ess is not None:
        queryset = queryset.filter(is_ess=filters.ess)
    return queryset


def order_structures(queryset: QuerySet[Structure], filters: StructureFilters) -> QuerySet[Structure]:
    """Order results: by relevance when searching (exact name, then name prefix), else by name."""
    if filters.sort == "nom" or (filters.sort == "pertinence" and not filters.q):
        return queryset.order_by("search_name", "pk")
    if filters.sort == "-nom":
        return queryset.order_by("-search_name", "-pk")
    if filters.sort == "recent":
        return queryset.order_by("-updated_at", "pk")
    key = search_key(filters.q)
    return queryset.annotate(
        name_rank=Case(
            When(search_name=key, then=Value(0)),
            When(acronym__iexact=filters.q.strip(), then=Value(0)),
            When(search_name__startswith=key, then=Value(1)),
            When(search_name__contains=key, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    ).order_by("name_rank", "search_name", "pk")


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facets:
    total: int = 0
    families: list[FacetValue] = field(default_factory=list)
    kinds: list[FacetValue] = field(default_factory=list)
    ess: list[FacetValue] = field(default_factory=list)
    territories: list[FacetValue] = field(default_factory=list)
    territory_level: str = ""
    disciplines: list[FacetValue] = field(default_factory=list)
    networks: list[FacetValue] = field(default_factory=list)


def count_structures(filters: StructureFilters) -> int:
    """Return how many structures match: one query, and one more to check the result cache."""
    return _count(filters, result_cache.token())


def _count(filters: StructureFilters, token: Hashable | None) -> int:
    key = ("count", token, _filters_key(filters))
    if token is not None and (cached := result_cache.get(key)) is not None:
        return cast(int, cached)
    total = filter_structures(filters).count()
    if token is not None:
        result_cache.put(key, total)
    return total


def structure_facets(filters: StructureFilters) -> Facets:
    """Count matching structures per family, kind, ESS flag, sub-territory, discipline and network.

    Two queries whatever the data: family, kind, ESS flag and sub-territory in one GROUP BY (which also
    gives the total), then disciplines and networks together; a third checks the result cache first
    (see `ResultCache`), and only that one runs when the same filters were counted on the same data.
    """
    token = result_cache.token()
    key = ("facets", token, _filters_key(filters))
    if token is not None and (cached := result_cache.get(key)) is not None:
        return copy.deepcopy(cast(Facets, cached))
    facets = _count_facets(filters)
    if token is not None:
        result_cache.put(key, copy.deepcopy(facets))
    return facets


def _count_facets(filters: StructureFilters) -> Facets:
    if COUNTED_FACETS and search_counted.answers(filters):
        facets = Facets()
        search_counted.counted_facets(filters, facets)
        facets.networks = _network_facet(filter_structures(filters), filters)
        return facets
    return scan_facets(filters)


def scan_facets(filters: StructureFilters) -> Facets:
    """Count the facets over the matching structures themselves (text, discipline or network searches)."""
    matching = filter_structures(filters)
    facets = Facets()
    families: dict[str, int] = {}
    kinds: dict[str, int] = {}
    ess: dict[bool | None, int] = {}
    level = filters.territory.level if filters.territory else None
    child = _CHILD_COLUMN.get(level)
    territories: dict[str, list[Any]] = {}
    for child_id, child_name, family, kind, is_ess, n in _grouped_counts(
        matching, child[0] if child else None
    ):
        facets.total += n
        families[family] = families.get(family, 0) + n
        kinds[kind] = kinds.get(kind, 0) + n
        ess[is_ess] = ess.get(is_ess, 0) + n
        if child_id is not None:
            territories.setdefault(child_id, [child_name, 0])[1] += n
    facets.families = [
        FacetValue(v, str(label), families[v], v in filters.families)
        for v, label in EssFamily.choices
        if families.get(v)
    ]
    facets.kinds = [
        FacetValue(v, str(label), kinds[v], v in filters.kinds)
        for v, label in StructureKind.choices
        if kinds.get(v)
    ]
    facets.ess = [
        FacetValue(key, label, ess.get(flag, 0), filters.ess is flag)
        for key, flag, label in (("oui", True, "Dans l'ESS"), ("non", False, "Hors ESS"))
        if ess.get(flag)
    ]
    if child is not None:
        facets.territory_level = str(Level(child[1]).label)
        ranked = sorted(territories.items(), key=lambda item: (-item[1][1], item[1][0]))
        facets.territories = [FacetValue(tid, name, n) for tid, (name, n) in ranked[:MAX_TERRITORY_FACET]]
    facets.disciplines, facets.networks = _link_facets(matching, filters)
    return facets


MAX_TERRITORY_FACET = 30
# The next level down a territory's facet shows, as a column of the commune: France → régions →
# départements → EPCI → communes ("id": the commune itself).
_CHILD_COLUMN: dict[str | None, tuple[str, str]] = {
    None: ("region_id", Level.REGION),
    Level.PAYS: ("region_id", Level.REGION),
    Level.REGION: ("departement_id", Level.DEPARTEMENT),
    Level.DEPARTEMENT: ("epci_id", Level.EPCI),
    Level.EPCI: ("id", Level.COMMUNE),
    Level.PROJET: ("id", Level.COMMUNE),
}


def _grouped_counts(
    matching: QuerySet[Structure], column: str | None
) -> list[tuple[str | None, str | None, str, str, bool | None, int]]:
    """Count matching structures per (sub-territory, family, kind, ESS flag) in one query.

    Structures are first counted per commune, walking the covering index (commune, state, family,
    kind, ESS flag) in its order, without reading the table's long texts; only then is each commune
    joined to the territory it belongs to, a few thousand lookups instead of one per structure.
    """
    per_commune = (
        matching.values("commune_id", "is_active", "ess_family", "kind", "is_ess")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sql, params = per_commune.query.sql_with_params()
    territory = Territory._meta.db_table
    if column is None:
        joins, child = "", "NULL, NULL"
    elif column == "id":
        joins, child = f"LEFT JOIN {territory} p ON p.id = g.commune_id", "p.id, p.name"
    else:
        joins = f"LEFT JOIN {territory} c ON c.id = g.commune_id LEFT JOIN {territory} p ON p.id = c.{column}"
        child = "p.id, p.name"
    statement = (
        f"SELECT {child}, g.ess_family, g.kind, g.is_ess, SUM(g.n) FROM ({sql}) g {joins} "  # noqa: S608
        f"GROUP BY {'p.id, p.name, ' if column else ''}g.ess_family, g.kind, g.is_ess"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    # SQLite returns the flag as 0/1, PostgreSQL as a boolean.
    return [
        (child_id, name, family, kind, None if flag is None else bool(flag), int(n))
        for child_id, name, family, kind, flag, n in rows
    ]


MAX_NETWORK_FACET = 30


def _network_facet(matching: QuerySet[Structure], filters: StructureFilters) -> list[FacetValue]:
    """Count matching structures per network they are a current member of (one statement)."""
    rows = (
        Relation.objects.current()
        .member_of()
        .filter(source_id__in=matching.values("pk"))
        .values_list("target__slug", "target__name")
        .annotate(n=Count("source_id", distinct=True))
        .order_by()
    )
    current = filters.network.slug if filters.network else ""
    ranked = sorted((-n, name, slug) for slug, name, n in rows)
    return [FacetValue(slug, name, -n, slug == current) for n, name, slug in ranked[:MAX_NETWORK_FACET]]


def _link_facets(
    matching: QuerySet[Structure], filters: StructureFilters
) -> tuple[list[FacetValue], list[FacetValue]]:
    """Count matching structures per discipline and per network they are a current member of.

    One statement for both (UNION ALL), so that the filters are sent and planned once for the two.
    """
    ids = matching.values("pk")
    disciplines = (
        Structure.disciplines.through.objects.filter(structure_id__in=ids)
        .values("discipline__slug", "discipline__name", "discipline__position")
        .annotate(n=Count("structure_id"))
        .order_by()
    )
    networks = (
        Relation.objects.current()
        .member_of()
        .filter(source_id__in=ids)
        .values("target__slug", "target__name")
        .annotate(n=Count("source_id", distinct=True))
        .order_by()
    )
    disciplines_sql, disciplines_params = disciplines.query.sql_with_params()
    networks_sql, networks_params = networks.query.sql_with_params()
    statement = (
        'SELECT 1, d."discipline__slug", d."discipline__name", d."discipline__position", d.n '  # noqa: S608
        f"FROM ({disciplines_sql}) d "
        'UNION ALL SELECT 2, r."target__slug", r."target__name", 0, r.n '
        f"FROM ({networks_sql}) r"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, (*disciplines_params, *networks_params))
        rows = cursor.fetchall()
    selected = {d.slug for d in filters.disciplines}
    current = filters.network.slug if filters.network else ""
    by_discipline = sorted((position, name, slug, n) for facet, slug, name, position, n in rows if facet == 1)
    by_network = sorted((-n, name, slug) for facet, slug, name, _, n in rows if facet == 2)
    return (
        [FacetValue(slug, name, n, slug in selected) for _, name, slug, n in by_discipline],
        [FacetValue(slug, name, -n, slug == current) for n, name, slug in by_network[:MAX_NETWORK_FACET]],
    )


@dataclass
class ResultPage:
    items: list[Structure]
    total: int
    number: int
    size: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def search_page(filters: StructureFilters, *, total: int | None = None) -> ResultPage:
    """Return one page of results with their commune and disciplines.

    Three queries: the result cache's check, the page, its disciplines (one more for the total when not
    given). When the same page was listed on the same data, the page is read by its ids, in the order
    ranked then, instead of being ranked again.
    """
    token = result_cache.token()
    if total is None:
        total = _count(filters, token)
    size = filters.page_size
    if filters.page > MAX_PAGE or (filters.page - 1) * size >= max(total, 1):
        return ResultPage(items=[], total=total, number=filters.page, size=size)
    key = ("page", token, _filters_key(filters), filters.sort, filters.page, size)
    ids = cast(list[int] | None, result_cache.get(key)) if token is not None else None
    structures = Structure.objects.select_related("commune__departement").prefetch_related("disciplines")
    if ids is not None:
        by_id = {s.pk: s for s in structures.filter(pk__in=ids)}
        items = [by_id[pk] for pk in ids if pk in by_id]
    else:
        ordered = order_structures(filter_structures(filters), filters)
        start = (filters.page - 1) * size
        items = list(
            ordered.select_related("commune__departement").prefetch_related("disciplines")[
                start : start + size
            ]
        )
        if token is not None:
            result_cache.put(key, [s.pk for s in items])
    return ResultPage(items=items, total=total, number=filters.page, size=size)


# --- Result cache ------------------------------------------------------------------------------------


def _filters_key(filters: StructureFilters) -> Hashable:
    """Return what decides which structures match (not the order or the page)."""
    return (
        filters.q,
        filters.territory.id if filters.territory else None,
        tuple(sorted(d.slug for d in filters.disciplines)),
        tuple(sorted(filters.families)),
        tuple(sorted(filters.kinds)),
        filters.network.pk if filters.network else None,
        filters.ess,
        filters.state,
    )


# One cache per process for the directory's counts, facets and result pages.
result_cache = ResultCache(generation=facet_counts.generation)
