"""Search the directory: parse filters once, then list, count and facet structures for pages and the API.

The filters live in `search_filters`, the facets counted over the matches in `search_facets`, those read
from the counts the database keeps in `search_counted`; this module puts them together behind the result
cache, and its names are the ones pages, the API and tests import.
"""

from __future__ import annotations

import copy
from collections.abc import Hashable
from dataclasses import dataclass
from typing import cast

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from maillage.search.result_cache import ResultCache
from maillage.structures import facet_counts, search_counted
from maillage.structures.models import Structure
from maillage.structures.search_facets import (
    MAX_NETWORK_FACET,
    MAX_TERRITORY_FACET,
    Facets,
    FacetValue,
    network_facet,
    scan_facets,
)
from maillage.structures.search_filters import (
    DEFAULT_PAGE_SIZE,
    FTS_TABLE,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    SORTS,
    STATES,
    YES_NO,
    FilterError,
    StructureFilters,
    filter_structures,
    order_structures,
    parse_filters,
)
from maillage.structures.search_indexes import NAME_INDEX, directory_size, indexed, text_index
from maillage.structures.search_tiers import tiered_page_ids

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "FTS_TABLE",
    "MAX_NETWORK_FACET",
    "MAX_PAGE",
    "MAX_PAGE_SIZE",
    "MAX_QUERY_LENGTH",
    "MAX_TERRITORY_FACET",
    "SORTS",
    "STATES",
    "TEXT_FACETS_LIMIT",
    "YES_NO",
    "FacetValue",
    "Facets",
    "FilterError",
    "ResultPage",
    "StructureFilters",
    "count_structures",
    "filter_structures",
    "order_structures",
    "parse_filters",
    "result_cache",
    "scan_facets",
    "search_page",
    "structure_facets",
]

# Facets of searches without text, discipline or network are read from the counts the database keeps;
# the bench turns this off to measure counting the structures themselves (the previous way) beside it.
COUNTED_FACETS = True
# The network facet of those searches is read from the memberships the database keeps counted (ADR 24);
# the bench turns this off to measure probing every current membership (the previous way) beside it.
KEPT_NETWORKS = True
# Discipline searches read their facets from the discipline counts (ADR 27); the bench turns this off to
# measure counting their matches (the previous way) beside it.
KEPT_DISCIPLINES = True
# A page is ranked over the ids and the narrow index's columns, then its rows read (ADR 27); the bench
# turns this off to measure sorting the matches' whole rows (the previous way) beside it.
NARROW_PAGE = True
# A network's members found first, ranked over their ids before their rows are read (the bench turns it
# off: the eighth pass's way, every member joined to its commune and département before the sort).
NARROW_NETWORK_PAGE = True
# Text pages are ranked narrow on PostgreSQL too since its full-text match became a condition on the rows
# (`fulltext.DIRECT_MATCH`): joining every match to its commune and département before taking 20 of them
# cost more than it saved (q=theatre 180 → 108 ms at 200,000). The bench turns this off to measure it.
NARROW_TEXT_ON_POSTGRES = True
# A page checks each candidate's disciplines rather than listing every structure of them (see
# `filter_structures`); the bench turns this off to measure the list (the previous way) beside it.
PROBE_PAGE = True
# A page of a large result without text is read along the name index on SQLite (see `_name_walk`); the
# bench turns this off to measure the planner's own choice (the previous way) beside it.
NAME_WALK = True


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


def structure_facets(filters: StructureFilters, *, capped: bool = False) -> Facets:
    """Count matching structures per family, kind, ESS flag, sub-territory, discipline and network.

    Two queries whatever the data: family, kind, ESS flag and sub-territory in one GROUP BY (which also
    gives the total), then disciplines and networks together; a third checks the result cache first
    (see `ResultCache`), and only that one runs when the same filters were counted on the same data.
    `capped`: a text search is counted over its first `TEXT_FACETS_LIMIT` matches at most (the
    directory's list; a network's members are counted whole).
    """
    limit = TEXT_FACETS_LIMIT if capped and CAPPED_TEXT and filters.q else None
    token = result_cache.token()
    key = ("facets", token, _filters_key(filters), limit)
    if token is not None and (cached := result_cache.get(key)) is not None:
        return copy.deepcopy(cast(Facets, cached))
    facets = _count_facets(filters, limit)
    if token is not None:
        result_cache.put(key, copy.deepcopy(facets))
    return facets


# A text search with more matches than this shows "plus de 2 000 structures" and facets without counts:
# counting every match per territory, family, discipline and network cost 150 ms (SQLite) to 370 ms
# (PostgreSQL) for q=theatre's 41,876 matches at 200,000 structures, against 50 ms for the whole page
# (issue 13). Its first page is still ranked over every match. The bench turns this off to measure it.
TEXT_FACETS_LIMIT = 2_000
CAPPED_TEXT = True


def _count_facets(filters: StructureFilters, limit: int | None = None) -> Facets:
    if COUNTED_FACETS and search_counted.answers(filters) and (KEPT_DISCIPLINES or not filters.disciplines):
        facets = Facets()
        search_counted.counted_facets(filters, facets, networks=KEPT_NETWORKS)
        if not KEPT_NETWORKS:
            facets.networks = network_facet(filter_structures(filters), filters)
        return facets
    return scan_facets(filters, limit=limit, index=text_index(filters))


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


def search_page(filters: StructureFilters, *, total: int | None = None, more: bool = False) -> ResultPage:
    """Return one page of results with their commune and disciplines.

    Three queries: the result cache's check, the page, its disciplines (one more for the total when not
    given). When the same page was listed on the same data, the page is read by its ids, in the order
    ranked then, instead of being ranked again. `more`: `total` is a floor (capped facets), more match.
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
        matching = filter_structures(filters, probe_disciplines=PROBE_PAGE)
        found_first = not more and _finds_first(filters, total)
        ordered = order_structures(matching, filters, found_first=found_first)
        start = (filters.page - 1) * size
        if _walks_names(filters, total, start + size):
            items = list(
                order_structures(structures.filter(pk__in=_name_walk(ordered, start, size)), filters)
            )
        elif more and (tiered := tiered_page_ids(_checked(filters), filters, start)) is not None:
            # A broad text search's first pages found by relevance tier along the names (`search_tiers`).
            items = list(order_structures(structures.filter(pk__in=tiered), filters))
        elif NARROW_PAGE and (
            filters.disciplines
            or (filters.q and _narrow_text())
            or (NARROW_NETWORK_PAGE and filters.network and found_first)
        ):
            # The page's ids ranked over the narrow index (names and acronyms in it), then its rows only:
            # sorting 41,000 matches' whole rows for a page of 20 was most of a text page's time. Pages
            # found by commune (territories, families) read their rows anyway: they keep one statement.
            # A network's members found first were joined to their commune and département before
            # the sort: 4,132 of them at 1,000,000 structures, for a page of 20.
            page_ids = ordered.values("pk")[start : start + size]
            if (index := text_index(filters)) is None:
                items = list(order_structures(structures.filter(pk__in=page_ids), filters))
            else:
                items = list(order_structures(structures.filter(pk__in=indexed(page_ids, index)), filters))
        else:
            items = list(
                ordered.select_related("commune__departement").prefetch_related("disciplines")[
                    start : start + size
                ]
            )
        if token is not None:
            result_cache.put(key, [s.pk for s in items])
    return ResultPage(items=items, total=total, number=filters.page, size=size)


# PostgreSQL finds a small result first, then sorts it (`order_structures(found_first=True)`): left to
# itself, it walked the name or date index of the whole directory until it met a page of matches that
# the index's order scatters (the bench turns this off to measure the walk beside it). Finding first
# reads every match, the walk about (page end * directory / total) rows of the index, each checked
# against the filters. Measured on networks of 610 to 4,132 members (ninth pass, docs/benchmarks.md):
# the walk is the faster while it reads fewer than about 4,000 rows, at 200,000 structures (from about
# 1,000 matches) as at 1,000,000 (the largest network: 99 ms walked, 72 ms found first). Text keeps its
# own bound: its walk computes the full-text match on each row it passes.
FOUND_FIRST_ON_POSTGRES = True
FOUND_FIRST_MAX_TOTAL = 1_000
FOUND_FIRST_MAX_TEXT_TOTAL = 5_000
FOUND_FIRST_WALK_ROWS = 4_000
# Bench mode `eighth` turns this off: found first up to FOUND_FIRST_MAX_TOTAL matches only, at any size.
FOUND_FIRST_BY_WALK = True


def _finds_first(filters: StructureFilters, total: int) -> bool:
    if not (FOUND_FIRST_ON_POSTGRES and connection.vendor == "postgresql"):
        return False
    if filters.q:
        return total <= FOUND_FIRST_MAX_TEXT_TOTAL
    if total <= FOUND_FIRST_MAX_TOTAL:
        return True
    if not FOUND_FIRST_BY_WALK:
        return False
    size = directory_size()
    return size is not None and filters.page * filters.page_size * size >= FOUND_FIRST_WALK_ROWS * total


def _checked(filters: StructureFilters) -> QuerySet[Structure]:
    """Return the structures matching the filters, the text match a check on candidates (`search_tiers`)."""
    return filter_structures(filters, probe_disciplines=PROBE_PAGE, text_checked=True)


def _narrow_text() -> bool:
    return connection.vendor == "sqlite" or NARROW_TEXT_ON_POSTGRES


# Walking the names in order finds a page of a large result (a région: 23,000 of 200,000 structures) in a
# few hundred rows; SQLite's planner would rather read every match by commune, then sort them (40 ms).
# Small results (a commune) are better read first: the walk would pass over most of the directory.
NAME_WALK_MIN_TOTAL = 5_000
NAME_WALK_MAX_END = 1_000


def _walks_names(filters: StructureFilters, total: int, end: int) -> bool:
    return (
        NAME_WALK
        and connection.vendor == "sqlite"
        and not filters.q
        and filters.sort in ("pertinence", "nom", "-nom")
        and total >= NAME_WALK_MIN_TOTAL
        and end <= NAME_WALK_MAX_END
    )


def _name_walk(ordered: QuerySet[Structure], start: int, size: int) -> RawSQL:
    """Return the page's ids, the matches read along the name index (SQLite's INDEXED BY), as a sub-query."""
    return indexed(ordered.values("pk")[start : start + size], NAME_INDEX)


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
