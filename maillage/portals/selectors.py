"""Reads of portals: by address, host or token, and the structures a preset shows (exclusions applied)."""

from __future__ import annotations

import dataclasses

from django.db.models import Case, IntegerField, QuerySet, Value, When

from maillage.portals.models import Portal
from maillage.structures.models import Structure
from maillage.structures.search import (
    MAX_PAGE,
    ResultPage,
    StructureFilters,
    filter_structures,
    order_structures,
)

LISTED_FIELDS = ("pk", "name", "acronym", "slug", "kind", "is_active", "closed_on", "commune__name")


def portal_get(slug: str) -> Portal | None:
    """Return the published portal at this address, with its preset's records, or None."""
    return _with_preset(Portal.objects.published().filter(slug=slug[:80])).first()


def portal_by_id(pk: int) -> Portal | None:
    """Return the published portal with this id (the one a host name names), or None."""
    return _with_preset(Portal.objects.published().filter(pk=pk)).first()


def portal_by_token(token: str) -> Portal | None:
    """Return the published portal whose widget preset this token names, or None."""
    return _with_preset(Portal.objects.published().filter(embed_token=token[:40])).first()


def portal_by_host(host: str) -> Portal | None:
    """Return the published portal served on this host name (lower-case, no port), or None."""
    return _with_preset(Portal.objects.published().filter(custom_host=host)).first()


def _with_preset(portals: QuerySet[Portal]) -> QuerySet[Portal]:
    return portals.select_related("network", "territory").prefetch_related("disciplines")


def apply_preset(portal: Portal | None, filters: StructureFilters) -> StructureFilters:
    """Return the visitor's filters with the portal's preset in force over them."""
    if portal is None:
        return filters
    preset: dict[str, object] = {}
    if portal.network_id is not None:
        preset["network"] = portal.network
    if portal.territory_id is not None:
        preset["territory"] = portal.territory
    if disciplines := tuple(portal.disciplines.all()):
        preset["disciplines"] = disciplines
    return dataclasses.replace(filters, **preset)  # type: ignore[arg-type]


def portal_structures(portal: Portal | None, filters: StructureFilters) -> QuerySet[Structure]:
    """Return the published structures the filters (preset applied) match, minus the portal's exclusions."""
    structures = filter_structures(apply_preset(portal, filters))
    if portal is not None:
        # A sub-query, not a list of ids: an exclusion list of any length costs the same one query.
        structures = structures.exclude(
            pk__in=portal.excluded.through.objects.filter(portal=portal).values("structure_id")
        )
    return structures


def structures_page(portal: Portal | None, filters: StructureFilters) -> ResultPage:
    """Return one page of the structures shown, the portal's highlighted ones first (three queries)."""
    structures = portal_structures(portal, filters)
    total = structures.count()
    size = filters.page_size
    if filters.page > MAX_PAGE or (filters.page - 1) * size >= max(total, 1):
        return ResultPage(items=[], total=total, number=filters.page, size=size)
    ordered = order_structures(structures, apply_preset(portal, filters))
    if portal is not None:
        highlighted = portal.highlighted.through.objects.filter(portal=portal).values("structure_id")
        ordered = ordered.annotate(
            highlight=Case(
                When(pk__in=highlighted, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        ordered = ordered.order_by("highlight", *ordered.query.order_by)
    start = (filters.page - 1) * size
    # Only what lists print: a widget's request is mostly the ORM compiling its SQL, column by column.
    items = list(
        ordered.select_related("commune")
        .only(*LISTED_FIELDS)
        .prefetch_related("disciplines")[start : start + size]
    )
    return ResultPage(items=items, total=total, number=filters.page, size=size)


def highlighted_ids(portal: Portal | None) -> set[int]:
    """Return the ids of the structures the portal puts forward."""
    if portal is None:
        return set()
    return set(
        portal.highlighted.through.objects.filter(portal=portal).values_list("structure_id", flat=True)
    )
