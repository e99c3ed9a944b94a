"""Count the facets of a search over the matching structures themselves (text, discipline or network
searches, and the reference the kept counts are tested against)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL

from maillage.structures.enums import EssFamily, StructureKind
from maillage.structures.models import Relation, Structure
from maillage.structures.search_filters import StructureFilters, filter_structures
from maillage.structures.search_indexes import NARROW_INDEX, indexed_sql
from maillage.territories.enums import Level
from maillage.territories.models import Territory


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
    # More matches than the facets were counted over (`scan_facets(limit=…)`): `total` is then the limit,
    # a floor ("plus de 2 000"), and the values are those of the first matches, their counts not shown.
    capped: bool = False


def scan_facets(filters: StructureFilters, *, limit: int | None = None, index: str | None = None) -> Facets:
    """Count the facets over the matching structures themselves (text, discipline or network searches).

    `limit`: count over the first `limit` + 1 matches only; when there are more, the facets are `capped`.
    `index`: the index SQLite reads the matches through (`search_indexes.text_index`).
    """
    # A broad text search read through the narrow index counts its first matches: read from the
    # full-text index first, they are found without gathering every match (SQLite).
    matching = filter_structures(
        filters, text_driving=DRIVEN_BY_TEXT and limit is not None and index == NARROW_INDEX
    )
    facets = Facets()
    families: dict[str, int] = {}
    kinds: dict[str, int] = {}
    ess: dict[bool | None, int] = {}
    level = filters.territory.level if filters.territory else None
    child = _CHILD_COLUMN.get(level)
    territories: dict[str, list[Any]] = {}
    if ONE_PASS or limit is not None or index is not None:
        grouped, links = _one_pass(matching, child[0] if child else None, limit=limit, index=index)
    else:
        grouped, links = _grouped_counts(matching, child[0] if child else None), None
    for child_id, child_name, family, kind, is_ess, n in grouped:
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
    facets.disciplines, facets.networks = _link_facets(matching, filters, links)
    if limit is not None and facets.total > limit:
        facets.total, facets.capped = limit, True
        # Counts of the first matches only would mislead: the values stay, ordered by their names.
        facets.territories.sort(key=lambda v: v.label)
        facets.networks.sort(key=lambda v: v.label)
    return facets


# The bench turns this off to measure a broad text search's first matches gathered whole (before 4 December).
DRIVEN_BY_TEXT = True

# The matches are selected once for all the facets (a materialised sub-query of one statement); the bench
# turns this off to measure selecting them once per facet (the previous way, two statements) beside it.
ONE_PASS = True


def _one_pass(
    matching: QuerySet[Structure], column: str | None, *, limit: int | None = None, index: str | None = None
) -> tuple[list[tuple[str | None, str | None, str, str, bool | None, int]], list[tuple[Any, ...]]]:
    """Count the matches per (sub-territory, family, kind, ESS flag), per discipline and per network in
    one statement, the matches selected once: a text search's full-text match and its rows' narrow
    columns were read three times, once per facet (41,000 rows for "théâtre"). `limit`: the first
    `limit` + 1 matches only, in the order the database finds them."""
    rows = matching.values("id", "commune_id", "ess_family", "kind", "is_ess").order_by()
    if limit is not None:
        rows = rows[: limit + 1]
    rows_sql, rows_params = indexed_sql(rows, index)
    ids = RawSQL("SELECT id FROM m", [])  # the statement's own sub-query, by name
    territory = Territory._meta.db_table
    # Each commune's sub-territory, then each sub-territory's name, looked up by id in the statement
    # itself: joined, PostgreSQL hashed the whole table of 36,405 territories for a few hundred communes.
    if column is None:
        child = "NULL"
    elif column == "id":
        child = "g.commune_id"
    else:
        child = f"(SELECT c.{column} FROM {territory} c WHERE c.id = g.commune_id)"  # noqa: S608
    links_sql, links_params = _links_query(ids)
    grouped = (
        f"SELECT 0, k.child_id, (SELECT p.name FROM {territory} p WHERE p.id = k.child_id), k.ess_family, "  # noqa: S608
        f"k.kind, k.is_ess, SUM(k.n) FROM (SELECT {child} AS child_id, g.ess_family, g.kind, g.is_ess, g.n "
        "FROM (SELECT commune_id, ess_family, kind, is_ess, COUNT(*) AS n FROM m "
        "GROUP BY commune_id, ess_family, kind, is_ess) g) k "
        "GROUP BY k.child_id, k.ess_family, k.kind, k.is_ess"
    )
    statement = (
        f"WITH m AS MATERIALIZED ({rows_sql}) {grouped} UNION ALL "  # noqa: S608
        "SELECT l.facet, l.slug, l.name, CAST(l.position AS varchar(10)), NULL, NULL, l.n "
        f"FROM ({links_sql}) l"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, (*rows_params, *links_params))
        result = cursor.fetchall()
    # SQLite returns the flag as 0/1, PostgreSQL as a boolean.
    grouped_rows = [
        (child_id, name, family, kind, None if flag is None else bool(flag), int(n))
        for facet, child_id, name, family, kind, flag, n in result
        if facet == 0
    ]
    links = [
        (facet, slug, name, int(position), n) for facet, slug, name, position, _, _, n in result if facet
    ]
    return grouped_rows, links


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


def network_facet(matching: QuerySet[Structure], filters: StructureFilters) -> list[FacetValue]:
    """Count matching structures per network they are a current member of, probing every membership of
    the matches (one statement; the path before the kept network counts, measured beside them)."""
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


# The bench turns this off to measure the networks named before being counted (the eighth pass's way).
NETWORKS_COUNTED_FIRST = True


def _links_query(ids: Any) -> tuple[str, tuple[Any, ...]]:
    """Return the statement counting the matches `ids` per discipline and per current network."""
    disciplines = (
        Structure.disciplines.through.objects.filter(structure_id__in=ids)
        .values("discipline__slug", "discipline__name", "discipline__position")
        .annotate(n=Count("structure_id"))
        .order_by()
    )
    memberships = Relation.objects.current().member_of().filter(source_id__in=ids)
    disciplines_sql, disciplines_params = disciplines.query.sql_with_params()
    if NETWORKS_COUNTED_FIRST:
        # Counted per network first, then named: joined before, each member's membership looked its
        # network's row up (4,132 lookups for the largest network at 1,000,000 structures).
        counted = memberships.values("target_id").annotate(n=Count("source_id", distinct=True)).order_by()
        networks_sql, networks_params = counted.query.sql_with_params()
        networks = (
            "SELECT 2, t.slug, t.name, 0, r.n "  # noqa: S608
            f"FROM ({networks_sql}) r JOIN {Structure._meta.db_table} t ON t.id = r.target_id"
        )
    else:
        named = (
            memberships.values("target__slug", "target__name")
            .annotate(n=Count("source_id", distinct=True))
            .order_by()
        )
        networks_sql, networks_params = named.query.sql_with_params()
        networks = f'SELECT 2, r."target__slug", r."target__name", 0, r.n FROM ({networks_sql}) r'  # noqa: S608
    statement = (
        'SELECT 1 AS facet, d."discipline__slug" AS slug, d."discipline__name" AS name, '  # noqa: S608
        f'd."discipline__position" AS position, d.n AS n FROM ({disciplines_sql}) d UNION ALL {networks}'
    )
    return statement, (*disciplines_params, *networks_params)


def _link_facets(
    matching: QuerySet[Structure], filters: StructureFilters, rows: list[tuple[Any, ...]] | None = None
) -> tuple[list[FacetValue], list[FacetValue]]:
    """Count matching structures per discipline and per network they are a current member of.

    One statement for both (UNION ALL), so that the filters are sent and planned once for the two; none
    when `rows` were counted with the other facets (`_one_pass`).
    """
    if rows is None:
        statement, params = _links_query(matching.values("pk"))
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            rows = cursor.fetchall()
    selected = {d.slug for d in filters.disciplines}
    current = filters.network.slug if filters.network else ""
    by_discipline = sorted((position, name, slug, n) for facet, slug, name, position, n in rows if facet == 1)
    by_network = sorted((-n, name, slug) for facet, slug, name, _, n in rows if facet == 2)
    return (
        [FacetValue(slug, name, n, slug in selected) for _, name, slug, n in by_discipline],
        [FacetValue(slug, name, -n, slug == current) for n, name, slug in by_network[:MAX_NETWORK_FACET]],
    )
