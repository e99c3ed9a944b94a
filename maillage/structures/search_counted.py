"""Facets read from the counts the database keeps (`facet_counts`, `network_counts`, `discipline_counts`),
for searches without text or network: the landing page, territories, families, kinds, ESS flag, state
and disciplines (one discipline and its sub-disciplines, with or without the others).

A few hundred rows of `structures_facetcount` and `structures_networkcount` (or, for a discipline, of
`structures_disciplinecount`) instead of counting every matching structure, in one statement whatever the
number of structures: family, kind, ESS flag, sub-territories, disciplines and networks. The network facet
adds the settled memberships' kept counts to the dated memberships current today, counted live (few: an
end date, or a start after the horizon).
"""

# Table and column names are constants of ours or the models', never input; values are parameters.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone

from maillage.structures.discipline_counts import DISCIPLINES
from maillage.structures.enums import EssFamily, StructureKind
from maillage.structures.facet_counts import ALL, COUNTS, LINKS
from maillage.structures.models import Discipline, Structure
from maillage.structures.network_counts import (
    ACCEPTED,
    DAY,
    HORIZON,
    MEMBER_OF,
    NETWORKS,
    RELATION,
    day_param,
    settled,
)
from maillage.structures.search_facets import (
    _CHILD_COLUMN,
    MAX_NETWORK_FACET,
    MAX_TERRITORY_FACET,
    Facets,
    FacetValue,
)
from maillage.structures.search_filters import StructureFilters
from maillage.territories.enums import Level
from maillage.territories.models import Territory, TerritoryCommune


def answers(filters: StructureFilters) -> bool:
    """Tell whether the kept counts answer these filters: no text or network, and the disciplines (if
    any) one discipline's group (the discipline, its sub-disciplines and nothing else)."""
    return (
        not filters.q and filters.network is None and (not filters.disciplines or group(filters) is not None)
    )


def group(filters: StructureFilters) -> int | None:
    """Return the discipline whose group the discipline filter keeps, if one does (a search for
    "spectacle vivant" and "théâtre" keeps the spectacle vivant's group; "musique" and "danse", none)."""
    for head in filters.disciplines:
        if all(d.pk == head.pk or d.parent_id == head.pk for d in filters.disciplines):
            return head.pk
    return None


class _Counts:
    """Where the kept counts of a search are: the table, and the condition of its rows per structure."""

    def __init__(self, filters: StructureFilters) -> None:
        self.group = group(filters) if filters.disciplines else None
        if self.group is None:
            self.table, self.networks = COUNTS, NETWORKS
            self.whole, self.params = "f.discipline_id = 0", []
            self.linked = "f.discipline_id <> 0"
        else:
            self.table = self.networks = DISCIPLINES
            self.whole, self.params = (
                "f.group_id = %s AND f.discipline_id = 0 AND f.network_id = 0",
                [self.group],
            )
            self.linked = "f.group_id = %s AND f.network_id = 0 AND f.discipline_id <> 0"


def _conditions(filters: StructureFilters) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.state in ("actif", "ferme"):
        clauses.append("f.is_active = %s")
        params.append(filters.state == "actif")
    if filters.families:
        clauses.append(f"f.ess_family IN ({', '.join(['%s'] * len(filters.families))})")
        params.extend(filters.families)
    if filters.kinds:
        clauses.append(f"f.kind IN ({', '.join(['%s'] * len(filters.kinds))})")
        params.extend(filters.kinds)
    if filters.ess is not None:
        clauses.append("f.is_ess = %s")
        params.append(1 if filters.ess else 0)
    return "".join(f" AND {c}" for c in clauses), params


def _children(
    counts: _Counts, level: str | None, territory_id: str, where: str, params: list[Any]
) -> tuple[str, list[Any]]:
    """Select the sub-territories' counts: régions and départements from their own rows, finer ones
    from the communes' rows (an EPCI may straddle two départements: only its communes inside count)."""
    territory = Territory._meta.db_table
    head = (
        f"SELECT 2, p.id, p.name, 0, SUM(f.n) FROM {counts.table} f "
        f"JOIN {territory} p ON p.id = f.territory_id"
    )
    whole = f"{counts.whole}{where}"
    if level in (None, Level.PAYS):
        return (
            f"{head} WHERE p.level = %s AND p.is_current AND {whole} GROUP BY p.id, p.name",
            [Level.REGION, *counts.params, *params],
        )
    if level == Level.REGION:
        return (
            f"{head} WHERE p.level = %s AND p.region_id = %s AND p.is_current AND {whole} "
            "GROUP BY p.id, p.name",
            [Level.DEPARTEMENT, territory_id, *counts.params, *params],
        )
    column = "epci_id" if level == Level.DEPARTEMENT else "id"
    closure = TerritoryCommune._meta.db_table
    return (
        f"SELECT 2, p.id, p.name, 0, SUM(f.n) FROM {counts.table} f "
        f"JOIN {closure} tc ON tc.commune_id = f.territory_id AND tc.territory_id = %s "
        f"JOIN {territory} c ON c.id = f.territory_id JOIN {territory} p ON p.id = c.{column} "
        f"WHERE {whole} GROUP BY p.id, p.name",
        [territory_id, *counts.params, *params],
    )


# The bench turns these off to measure the discipline of dated members as a join and every network of
# the kept counts named (the previous ways).
DISCIPLINE_PER_MEMBER = True
FIRST_NETWORKS_ONLY = True


def _member_conditions(filters: StructureFilters) -> tuple[str, list[Any]]:
    """Return the filters as conditions on the member's own row `s` (the live part of the networks)."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.state in ("actif", "ferme"):
        clauses.append("s.is_active = %s")
        params.append(filters.state == "actif")
    if filters.families:
        clauses.append(f"s.ess_family IN ({', '.join(['%s'] * len(filters.families))})")
        params.extend(filters.families)
    if filters.kinds:
        clauses.append(f"s.kind IN ({', '.join(['%s'] * len(filters.kinds))})")
        params.extend(filters.kinds)
    if filters.ess is not None:
        clauses.append("s.is_ess = %s")
        params.append(filters.ess)
    if filters.territory is not None:
        closure = TerritoryCommune._meta.db_table
        clauses.append(f"s.commune_id IN (SELECT commune_id FROM {closure} WHERE territory_id = %s)")
        params.append(filters.territory.id)
    if filters.disciplines:
        # Checked member by member: the dated memberships are few, and PostgreSQL, expecting as many as
        # a clock set back would make live, hashed every structure of the discipline first (497,649 links
        # for the performing arts at 1,000,000 structures: 160 ms for none). OFFSET 0 keeps the check a
        # sub-plan run per row, which PostgreSQL would otherwise turn into that join.
        keep_per_row = " OFFSET 0" if connection.vendor == "postgresql" else ""
        if DISCIPLINE_PER_MEMBER:
            clauses.append(
                f"EXISTS (SELECT 1 FROM {LINKS} l WHERE l.structure_id = s.id AND l.discipline_id IN "
                f"(SELECT id FROM {Discipline._meta.db_table} WHERE id = %s OR parent_id = %s){keep_per_row})"
            )
        else:  # the bench's previous path
            clauses.append(
                f"s.id IN (SELECT structure_id FROM {LINKS} WHERE discipline_id IN "
                f"(SELECT id FROM {Discipline._meta.db_table} WHERE id = %s OR parent_id = %s))"
            )
        params += [group(filters)] * 2
    return "".join(f" AND {c}" for c in clauses), params


def _networks(
    counts: _Counts, filters: StructureFilters, key: str, where: str, params: list[Any]
) -> tuple[str, list[Any], list[str], list[Any]]:
    """Select the networks' kept counts and, beside them, the dated memberships current today.

    Kept: settled memberships (confirmed, no end date, started by the horizon), current every day since.
    Live: an end date not passed, or a start after the horizon and not after today; a member already
    counted through a settled membership of the same network is not counted again. Should the horizon be
    after today (a clock set back), nothing is read from the kept counts and every membership is live.
    """
    today = day_param(timezone.localdate())
    structure = Structure._meta.db_table
    group = "" if counts.group is None else " AND f.group_id = %s AND f.network_id <> 0"
    kept_sums = (
        f"kept_networks AS (SELECT f.network_id, SUM(f.n) AS n FROM {counts.networks} f "
        f"WHERE f.territory_id = %s{group}{where} AND {DAY} <= %s GROUP BY f.network_id)"
    )
    member = f"r.kind = '{MEMBER_OF}' AND r.state = '{ACCEPTED}' AND r.target_id IS NOT NULL"
    dated = (
        f"SELECT r.source_id, r.target_id FROM {RELATION} r WHERE {member} AND r.end_date >= %s "
        f"AND (r.start_date IS NULL OR r.start_date <= %s) "
        f"UNION ALL SELECT r.source_id, r.target_id FROM {RELATION} r WHERE {member} AND r.end_date IS NULL "
        f"AND r.start_date > {DAY} AND r.start_date <= %s "
        # Only when the horizon is after today: the one-row horizon first, so nothing else is read otherwise.
        f"UNION ALL SELECT r.source_id, r.target_id FROM {HORIZON} h CROSS JOIN {RELATION} r "
        f"WHERE h.id = 1 AND h.day > %s AND {member} AND r.end_date IS NULL "
        f"AND (r.start_date IS NULL OR r.start_date <= %s)"
    )
    # Only the networks that can be shown are named: those of the kept counts' first MAX_NETWORK_FACET
    # (ties included) and those with a dated membership, whose live members could lift them among the
    # first. Naming all 9,284 networks of the performing arts at 1,000,000 structures took 33 ms.
    kept = f"SELECT 4, t.slug, t.name, 0, g.n FROM kept_networks g JOIN {structure} t ON t.id = g.network_id"
    shown_params: list[Any] = []
    if FIRST_NETWORKS_ONLY:
        kept += (
            " WHERE g.n >= COALESCE((SELECT n FROM kept_networks ORDER BY n DESC LIMIT 1 OFFSET %s), 0) "
            f"OR g.network_id IN (SELECT m.target_id FROM ({dated}) m)"
        )
        shown_params = [MAX_NETWORK_FACET - 1, *[today] * 5]
    member_where, member_params = _member_conditions(filters)
    live = (
        f"SELECT 4, t.slug, t.name, 0, COUNT(DISTINCT m.source_id) FROM ({dated}) m "
        f"JOIN {structure} s ON s.id = m.source_id JOIN {structure} t ON t.id = m.target_id "
        f"WHERE s.withdrawn_at IS NULL{member_where} AND ({DAY} > %s OR NOT EXISTS (SELECT 1 "
        f"FROM {RELATION} p WHERE p.source_id = m.source_id AND p.target_id = m.target_id "
        f"AND {settled('p')})) "
        f"GROUP BY t.slug, t.name"
    )
    kept_params = [key] if counts.group is None else [key, counts.group]
    return (
        kept_sums,
        [*kept_params, *params, today],
        [kept, live],
        [*shown_params, *[today] * 5, *member_params, today],
    )


def counted_facets(filters: StructureFilters, facets: Facets, *, networks: bool = True) -> None:
    """Fill `facets` from the counts: total, families, kinds, ESS flag, sub-territories, disciplines and,
    unless `networks` is false (the bench's previous path), networks."""
    where, params = _conditions(filters)
    counts = _Counts(filters)
    key = filters.territory.id if filters.territory else ALL
    level = filters.territory.level if filters.territory else None
    parts = [
        f"SELECT 1, f.ess_family, f.kind, f.is_ess, SUM(f.n) FROM {counts.table} f "
        f"WHERE f.territory_id = %s AND {counts.whole}{where} GROUP BY f.ess_family, f.kind, f.is_ess",
        f"SELECT 3, d.slug, d.name, d.position, SUM(f.n) FROM {counts.table} f "
        f"JOIN {Discipline._meta.db_table} d ON d.id = f.discipline_id "
        f"WHERE f.territory_id = %s AND {counts.linked}{where} GROUP BY d.slug, d.name, d.position",
    ]
    all_params: list[Any] = [key, *counts.params, *params, key, *counts.params, *params]
    if level in _CHILD_COLUMN:
        children, child_params = _children(counts, level, key, where, params)
        parts.append(children)
        all_params += child_params
    prefix = ""
    if networks:
        sums, sums_params, network_parts, network_params = _networks(counts, filters, key, where, params)
        prefix = f"WITH {sums} "
        all_params = [*sums_params, *all_params, *network_params]
        parts += network_parts
    with connection.cursor() as cursor:
        cursor.execute(prefix + " UNION ALL ".join(parts), all_params)
        rows = [row for row in cursor.fetchall() if row[4]]
    families: dict[str, int] = {}
    kinds: dict[str, int] = {}
    ess: dict[int, int] = {}
    disciplines: list[tuple[int, str, str, int]] = []
    territories: list[tuple[int, str, str]] = []
    members: dict[tuple[str, str], int] = {}
    for facet, a, b, c, n in rows:
        n = int(n)
        if facet == 1:
            facets.total += n
            families[a] = families.get(a, 0) + n
            kinds[b] = kinds.get(b, 0) + n
            ess[int(c)] = ess.get(int(c), 0) + n
        elif facet == 2:
            territories.append((-n, b, a))
        elif facet == 4:
            members[a, b] = members.get((a, b), 0) + n
        else:
            disciplines.append((int(c), b, a, n))
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
        FacetValue(name, label, ess.get(flag, 0), filters.ess is value)
        for name, flag, value, label in (("oui", 1, True, "Dans l'ESS"), ("non", 0, False, "Hors ESS"))
        if ess.get(flag)
    ]
    if level in _CHILD_COLUMN:
        facets.territory_level = str(Level(_CHILD_COLUMN[level][1]).label)
        facets.territories = [
            FacetValue(tid, name, -n) for n, name, tid in sorted(territories)[:MAX_TERRITORY_FACET]
        ]
    selected = {d.slug for d in filters.disciplines}
    facets.disciplines = [
        FacetValue(slug, name, n, slug in selected) for _, name, slug, n in sorted(disciplines)
    ]
    if networks:
        ranked = sorted((-n, name, slug) for (slug, name), n in members.items())
        facets.networks = [FacetValue(slug, name, -n, False) for n, name, slug in ranked[:MAX_NETWORK_FACET]]
