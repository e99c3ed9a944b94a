"""Parse the directory's search filters once, then turn them into a queryset and an order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from maillage.search.fulltext import filter_fulltext
from maillage.search.normalize import search_key
from maillage.search.params import ParameterError, id_or_none, parse_positive_int
from maillage.structures.enums import EssFamily, StructureKind
from maillage.structures.models import Discipline, Relation, Structure
from maillage.territories.enums import Level
from maillage.territories.models import Territory, TerritoryCommune
from maillage.territories.selectors import canonical_id

FTS_TABLE = "structures_structure_fts"
# PostgreSQL's stored `tsvector` of the search document (migration 0015, `fulltext.stored_vector_sql`).
VECTOR_COLUMN = "search_vector"
MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
# Beyond this, a page number is a mistake or a crawler: answer an empty page, never a deep OFFSET scan.
MAX_PAGE = 10_000
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


# Levels whose structures are few enough to be read first, then checked for their disciplines.
_SMALL_LEVELS = frozenset({Level.DEPARTEMENT, Level.EPCI, Level.COMMUNE, Level.ARRONDISSEMENT, Level.PROJET})
# PostgreSQL reads a discipline search in a département through the discipline's structures of all France
# (the Oise's 346 théâtres: 30,889 structures looked up, 149 ms at 200,000) unless the département's
# communes are given to it as a list it cannot join (2,259 structures read, 29 ms); a région's 23,000
# structures are better filtered the other way. The bench turns this off to measure it. A text search
# in a département too (ninth pass): joined, PostgreSQL scanned the whole territory closure in parallel
# workers to find the département's communes (q=coop in Paris at 1,000,000: 242 → 69 ms; q=compagnie in
# the Loire at 200,000: 84 → 68 ms, measured alternating on a loaded machine).
TERRITORY_FIRST_ON_POSTGRES = True
TEXT_TERRITORY_FIRST_ON_POSTGRES = True


def _reads_territory_first(filters: StructureFilters) -> bool:
    searched = bool(filters.disciplines) or (TEXT_TERRITORY_FIRST_ON_POSTGRES and bool(filters.q))
    return (
        TERRITORY_FIRST_ON_POSTGRES
        and connection.vendor == "postgresql"
        and searched
        and filters.territory is not None
        and filters.territory.level in _SMALL_LEVELS
    )


class _InCommunes(Func):
    """`commune_id = ANY(ARRAY(sub-query))`: the territory's communes as a value, not a join to plan."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY(ARRAY"
    output_field = BooleanField()


def filter_structures(
    filters: StructureFilters,
    *,
    except_facet: str = "",
    probe_disciplines: bool = False,
    text_checked: bool = False,
    text_driving: bool = False,
) -> QuerySet[Structure]:
    """Return the structures matching the filters, unordered.

    `probe_disciplines`: check each candidate's links (EXISTS) instead of listing every structure of the
    disciplines first: a page reads few candidates (along the names, or a territory's), while counting
    the whole directory is faster from the list (SQLite, 200,000 structures: a page 32 → 13 ms).
    `text_checked`: the caller selects a few candidates by id; the text match only tests them.
    `text_driving`: the text matches are read first, and the caller stops at its first ones (`LIMIT`).
    """
    # Withdrawn records are kept for their people, never shown to the public: lists, map, API, exports.
    queryset: QuerySet[Structure] = Structure.objects.published()
    if filters.state == "actif":
        queryset = queryset.filter(is_active=True)
    elif filters.state == "ferme":
        queryset = queryset.filter(is_active=False)
    if filters.q:
        queryset = filter_fulltext(
            queryset,
            filters.q,
            fts_table=FTS_TABLE,
            vector_column=VECTOR_COLUMN,
            checked=text_checked,
            driving=text_driving,
        )
    if filters.territory is not None:
        # One indexed sub-query whatever the level, project territories included (see ADR 1).
        communes = TerritoryCommune.objects.filter(territory_id=filters.territory.id).values("commune_id")
        if _reads_territory_first(filters):
            queryset = queryset.filter(_InCommunes(F("commune_id"), Subquery(communes)))
        else:
            queryset = queryset.filter(commune_id__in=communes)
    if filters.disciplines:
        # A discipline includes its sub-disciplines: "spectacle vivant" finds the théâtre companies.
        # One sub-query (not a query for the children each time filters are applied: a page applies
        # them two or three times).
        ids = {d.pk for d in filters.disciplines}
        wanted = Discipline.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids)).values("pk")
        links = Structure.disciplines.through.objects.filter(discipline_id__in=wanted)
        if probe_disciplines:
            queryset = queryset.filter(Exists(links.filter(structure_id=OuterRef("pk"))))
        else:
            queryset = queryset.filter(pk__in=links.values("structure_id"))
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


def order_structures(
    queryset: QuerySet[Structure], filters: StructureFilters, *, found_first: bool = False
) -> QuerySet[Structure]:
    """Order results: by relevance when searching (exact name, then name prefix), else by name.

    `found_first` sorts on expressions no index holds, so that the database finds the matches first and
    sorts them, instead of walking the name or date index until it meets enough of them: PostgreSQL's
    planner walked 80,000 names for the 21 bookshops of a département (233 ms) and 200,000 dates for a
    third page of "strasbourg" (1.3 s). For results known to be small only.
    """
    # Plain field names otherwise: the API's cursors read the ordering's fields by name.
    name = Coalesce("search_name", Value("")) if found_first else None
    if filters.sort == "nom" or (filters.sort == "pertinence" and not filters.q):
        return queryset.order_by(name.asc() if name else "search_name", "pk")
    if filters.sort == "-nom":
        return queryset.order_by(name.desc() if name else "-search_name", "-pk")
    if filters.sort == "recent":
        date = Coalesce("updated_at", "created_at").desc() if found_first else "-updated_at"
        return queryset.order_by(date, "pk")
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
