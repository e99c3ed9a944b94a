"""The directory's own kind of alert: new published structures matching the directory's search."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import QueryDict
from django.urls import reverse

from maillage.alerts.registry import AlertItem, AlertKind
from maillage.structures.enums import EssFamily, StructureKind
from maillage.structures.search import FilterError, filter_structures, parse_filters

# A digest lists at most this many new structures per alert: beyond, the search page lists them all.
MAX_ITEMS = 100


def parse_structure_search(query: QueryDict) -> dict[str, Any]:
    """Read the directory's parameters (same names, same French errors); keep only what filters."""
    filters = parse_filters(query)
    params = filters.as_params()
    params.pop("tri", None)
    return params


def describe_structure_search(params: dict[str, Any]) -> str:
    """Say in one phrase which new structures the alert follows."""
    try:
        filters = parse_filters(params)
    except FilterError:
        return "Nouvelles structures de l'annuaire (une partie de la recherche n'existe plus)"
    parts = []
    if filters.q:
        parts.append(f"« {filters.q} »")
    if filters.territory is not None:
        parts.append(f"territoire : {filters.territory.name}")
    if filters.network is not None:
        parts.append(f"réseau : {filters.network.name}")
    if filters.disciplines:
        parts.append("discipline : " + ", ".join(d.name for d in filters.disciplines))
    if filters.kinds:
        parts.append("type : " + ", ".join(str(StructureKind(k).label) for k in filters.kinds))
    if filters.families:
        parts.append("famille : " + ", ".join(str(EssFamily(f).label) for f in filters.families))
    if filters.ess is not None:
        parts.append("ESS" if filters.ess else "hors ESS")
    return "Nouvelles structures de l'annuaire" + (f" — {', '.join(parts)}" if parts else "")


def find_new_structures(params: dict[str, Any], since: datetime) -> list[AlertItem]:
    """Return the published structures matching the search that entered the directory after `since`."""
    try:
        filters = parse_filters(params)
    except FilterError:
        return []  # a territory or network that disappeared: nothing matches any more
    structures = (
        filter_structures(filters)
        .filter(created_at__gt=since)
        .select_related("commune")
        .order_by("created_at", "pk")[:MAX_ITEMS]
    )
    return [
        AlertItem(
            key=str(s.pk),
            title=s.name,
            url=reverse("structures:detail", kwargs={"slug": s.slug}),
            summary=" · ".join(
                part
                for part in (str(StructureKind(s.kind).label), s.commune.name if s.commune else "")
                if part
            ),
        )
        for s in structures
    ]


STRUCTURES_KIND = AlertKind(
    key="structures",
    label="Nouvelles structures de l'annuaire",
    parse=parse_structure_search,
    describe=describe_structure_search,
    find=find_new_structures,
)
