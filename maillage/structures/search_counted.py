"""Facets read from the counts the database keeps (`facet_counts`), for searches without text, discipline or
network: the landing page, territories, families, kinds, ESS flag and state.

A few hundred rows of `structures_facetcount` instead of counting every matching structure: two
statements (family, kind, ESS flag, sub-territories and disciplines in one; networks, whose membership
depends on the day, counted from the relations), whatever the number of structures.
"""

# Table and column names are constants of ours or the models', never input; values are parameters.
# ruff: noqa: S608

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection

from maillage.structures.enums import EssFamily, StructureKind
from maillage.structures.facet_counts import ALL, COUNTS
from maillage.structures.models import Discipline
from maillage.territories.enums import Level
from maillage.territories.models import Territory, TerritoryCommune

if TYPE_CHECKING:
    from maillage.structures.search import Facets, StructureFilters


def answers(filters: StructureFilters) -> bool:
    """Tell whether the kept counts answer these filters (no text, discipline or network)."""
    return not filters.q and not filters.disciplines and filters.network is None


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


def _children(level: str | None, territory_id: str, where: str, params: list[Any]) -> tuple[str, list[Any]]:
    """Select the sub-territories' counts: régions and départements from their own rows, finer ones
    from the communes' rows (an EPCI may straddle two départements: only its communes inside count)."""
    territory = Territory._meta.db_table
    head = "SELECT 2, p.id, p.name, 0, SUM(f.n) FROM {0} f JOIN {1} p ON p.id = f.territory_id"
    if level in (None, Level.PAYS):
        return (
            head.format(COUNTS, territory) + f" WHERE p.level = %s AND p.is_current AND f.discipline_id = 0"
            f"{where} GROUP BY p.id, p.name",
            [Level.REGION, *params],
        )
    if level == Level.REGION:
        return (
            head.format(COUNTS, territory) + f" WHERE p.level = %s AND p.region_id = %s AND p.is_current "
            f"AND f.discipline_id = 0{where} GROUP BY p.id, p.name",
            [Level.DEPARTEMENT, territory_id, *params],
        )
    column = "epci_id" if level == Level.DEPARTEMENT else "id"
    closure = TerritoryCommune._meta.db_table
    return (
        f"SELECT 2, p.id, p.name, 0, SUM(f.n) FROM {COUNTS} f "
        f"JOIN {closure} tc ON tc.commune_id = f.territory_id AND tc.territory_id = %s "
        f"JOIN {territory} c ON c.id = f.territory_id JOIN {territory} p ON p.id = c.{column} "
        f"WHERE f.discipline_id = 0{where} GROUP BY p.id, p.name",
        [territory_id, *params],
    )


def counted_facets(filters: StructureFilters, facets: Facets) -> None:
    """Fill `facets` (total, families, kinds, ESS flag, sub-territories, disciplines) from the counts."""
    from maillage.structures.search import (  # noqa: PLC0415 (search imports this module)
        _CHILD_COLUMN,
        MAX_TERRITORY_FACET,
        FacetValue,
    )

    where, params = _conditions(filters)
    key = filters.territory.id if filters.territory else ALL
    level = filters.territory.level if filters.territory else None
    parts = [
        f"SELECT 1, f.ess_family, f.kind, f.is_ess, SUM(f.n) FROM {COUNTS} f "
        f"WHERE f.territory_id = %s AND f.discipline_id = 0{where} GROUP BY f.ess_family, f.kind, f.is_ess",
        f"SELECT 3, d.slug, d.name, d.position, SUM(f.n) FROM {COUNTS} f "
        f"JOIN {Discipline._meta.db_table} d ON d.id = f.discipline_id "
        f"WHERE f.territory_id = %s AND f.discipline_id <> 0{where} GROUP BY d.slug, d.name, d.position",
    ]
    all_params: list[Any] = [key, *params, key, *params]
    if level in _CHILD_COLUMN:
        children, child_params = _children(level, key, where, params)
        parts.append(children)
        all_params += child_params
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), all_params)
        rows = [row for row in cursor.fetchall() if row[4]]
    families: dict[str, int] = {}
    kinds: dict[str, int] = {}
    ess: dict[int, int] = {}
    disciplines: list[tuple[int, str, str, int]] = []
    territories: list[tuple[int, str, str]] = []
    for facet, a, b, c, n in rows:
        n = int(n)
        if facet == 1:
            facets.total += n
            families[a] = families.get(a, 0) + n
            kinds[b] = kinds.get(b, 0) + n
            ess[int(c)] = ess.get(int(c), 0) + n
        elif facet == 2:
            territories.append((-n, b, a))
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
    facets.disciplines = [FacetValue(slug, name, n, False) for _, name, slug, n in sorted(disciplines)]
