"""Find the first page of a broad text search by its relevance tiers, without ranking every match.

A text search is ordered by relevance (`order_structures`): the exact name or acronym first (tier 0), then
the names starting with the words (tier 1), names containing them (tier 2), the other matches (tier 3),
each tier by name. Ranking every match for a page of 20 read all their rows: q=theatre's 41,876 matches at
200,000 structures, 85-150 ms on PostgreSQL (issue 13). The first two tiers are found through the name
indexes (an exact value, an acronym, a range of names), each in name order, stopping at the page's end.
The third is looked for among the first names of the directory only (`CONTAINING_WINDOW`): the names
containing the words that lie there come before every other one. When the tiers fill the page, that is
the page, ranked as the whole ranking would. When they do not, the caller ranks every match as before.

On SQLite the candidates are looked up in the full-text matches (`matching` built with `text_checked`),
never found by walking the matches: ranking q=theatre's matches took 36-67 ms there, the tiers about 8.
Not in a territory: SQLite reads a territory's matches by commune (`search_indexes`), where most of
the directory's first names are not, and q=theatre in a région lost 25 ms to tiers that did not fill.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Upper

from maillage.search.normalize import search_key
from maillage.structures.models import Structure
from maillage.structures.search_filters import StructureFilters

# Pages beyond this end are ranked whole: the tiers' walks are for the first pages, where people look.
TIERS_MAX_END = 200
# The bench turns this off to measure ranking every match (the previous way) beside it.
TIERED_PAGES = True
# The bench turns this off to measure SQLite ranking every match (the path before 4 December) beside it.
TIERED_PAGES_ON_SQLITE = True
# The bench turns this off to measure the names starting with the words found in one statement.
STARTING_READ_FIRST = True
# How many names, from the first in order, are read to find the names containing the words. Bounded:
# PostgreSQL walking the name index until it met 20 of them read 242,865 names for q=coop at 1,000,000
# structures (1.1 s), where q=musiques actuelles needed 24. Read along the index of names and ids
# (migration 0017), 10,000 names take about 2 ms.
CONTAINING_WINDOW = 10_000
# Of the names found in a tier, the first ones only are checked against the other filters: 1,971 of the
# first 2,000 names contain "culture" at 1,000,000 structures, and checking them all took 11-27 ms.
CANDIDATES_PER_WANTED = 5
_STARTING_SQL = (
    "SELECT id, search_name FROM structures_structure WHERE search_name >= %s AND search_name < %s"
    " ORDER BY search_name, id LIMIT %s"
)
_CONTAINING_SQL = (
    "SELECT id FROM (SELECT id, search_name FROM structures_structure ORDER BY search_name, id LIMIT %s)"
    " AS window_ WHERE search_name LIKE %s AND search_name NOT LIKE %s ORDER BY search_name, id LIMIT %s"
)


def tiered_page_ids(matching: QuerySet[Structure], filters: StructureFilters, start: int) -> list[int] | None:
    """Return the page's ids from the first three relevance tiers, or None when they do not fill it.

    `matching`: the structures matching the filters, unordered, the text match as a check
    (`filter_structures(text_checked=True)`). Four statements at most.
    """
    end = start + filters.page_size
    key = search_key(filters.q) if filters.q else ""
    if not _applies(filters, key, end):
        return None
    after = _after(key)
    if after is None:
        return None
    acronym = filters.q.strip()
    # The acronym as the index on UPPER(acronym) has it: SQLite's case-insensitive LIKE (Django's iexact
    # there) reads no index, and with the text match a check it walked every name (1.5 s).
    matching = matching.alias(acronym_upper=Upper("acronym"))
    first = Q(search_name=key) | Q(acronym_upper=Upper(Value(acronym)))
    found = list(matching.filter(first).order_by("search_name", "pk").values_list("pk", flat=True)[:end])
    if len(found) < end:
        next_tiers = _next_tiers if STARTING_READ_FIRST else _next_tiers_in_one_statement
        rest = next_tiers(matching.exclude(first), key, after, end - len(found))
        if rest is None:
            return None
        found.extend(rest)
    return found[start:end] if len(found) >= end else None


def _next_tiers(matching: QuerySet[Structure], key: str, after: str, wanted: int) -> list[int] | None:
    """Return up to `wanted` matches of the second tier, then of the third, in order; None when not known.

    The first names of the range [key, after) are read from the index of names and ids. When the range
    ends there, the names containing the words are read too and both are checked against the filters in
    one statement: the check is what costs (on SQLite it gathers every full-text match first: 14-16 ms
    for "culture"), and a range that ends often leaves the page to the third tier.
    In a locale's order the range could hold a name not starting with the words: None then, and the page
    is ranked whole, as when the names read are not enough and the range goes on. Asked in one
    statement, PostgreSQL's planner, expecting 81 names in the range where there were 15,924 (q=coop at
    1,000,000 structures), read them all and sorted them (72 ms).
    """
    limit = wanted * CANDIDATES_PER_WANTED
    with connection.cursor() as cursor:
        cursor.execute(_STARTING_SQL, [key, after, limit])
        rows = cursor.fetchall()
    if any(not name.startswith(key) for _, name in rows):
        return None
    starting = [pk for pk, _ in rows]
    ended = len(rows) < limit
    containing = _containing_candidates(key, wanted) if ended else []
    shown = set(matching.filter(pk__in=[*starting, *containing]).values_list("pk", flat=True))
    found = [pk for pk in starting if pk in shown][:wanted]
    if len(found) < wanted and not ended:
        return None
    return _completed(found, containing, shown, wanted)


def _next_tiers_in_one_statement(
    matching: QuerySet[Structure], key: str, after: str, wanted: int
) -> list[int] | None:
    """Return the second tier asked in one statement, then the third, checked apart (the bench's old way)."""
    rows = matching.filter(search_name__gte=key, search_name__lt=after).order_by("search_name", "pk")
    found = []
    for pk, name in rows.values_list("pk", "search_name")[:wanted]:
        if not name.startswith(key):
            return None
        found.append(pk)
    candidates = _containing_candidates(key, wanted - len(found)) if len(found) < wanted else []
    if len(candidates) < wanted - len(found):
        return found
    shown = set(matching.filter(pk__in=candidates).values_list("pk", flat=True))
    return _completed(found, candidates, shown, wanted)


def _completed(found: list[int], containing: list[int], shown: set[int], wanted: int) -> list[int]:
    """Add the third tier's candidates that passed the filters, in name order, up to `wanted` in all."""
    missing = wanted - len(found)
    if missing <= 0 or len(containing) < missing:  # fewer candidates than needed: the tier is not known
        return found
    return found + [pk for pk in containing if pk in shown][:missing]


def _containing_candidates(key: str, wanted: int) -> list[int]:
    """Return the first names containing `key` without starting with it, among the directory's first names.

    Only the first `CONTAINING_WINDOW` names of the directory are looked at, and the first
    `wanted * CANDIDATES_PER_WANTED` of those containing the words, in name order: what passes the
    filters there is the start of the tier, since every other name comes after them. Fewer than `wanted`
    candidates say nothing of the rest: the caller ranks the matches whole.
    """
    # The window's names are read along their index and sifted by the database: thousands of rows
    # through the ORM would cost more than the statement. The key holds letters, digits and spaces
    # only (`_after`).
    with connection.cursor() as cursor:
        params: list[int | str] = [CONTAINING_WINDOW, f"%{key}%", f"{key}%", wanted * CANDIDATES_PER_WANTED]
        cursor.execute(_CONTAINING_SQL, params)
        return [pk for (pk,) in cursor.fetchall()]


def _applies(filters: StructureFilters, key: str, end: int) -> bool:
    return (
        TIERED_PAGES
        and (connection.vendor == "postgresql" or (TIERED_PAGES_ON_SQLITE and filters.territory is None))
        and bool(key)
        and filters.sort == "pertinence"
        and end <= TIERS_MAX_END
    )


def _after(key: str) -> str | None:
    """Return a string above every name starting with `key`, or None when there is no safe one.

    Names are folded to [a-z0-9 ]: with the last letter or digit raised by one, the range holds every name
    starting with `key` in byte order and in the locales' orders alike (their first level compares the
    letters and digits, spaces aside). After "z" or "9" comes punctuation, which a locale may ignore.
    """
    last = key[-1]
    if last in "z9" or not last.isalnum():
        return None
    return key[:-1] + chr(ord(last) + 1)
