"""Suspected duplicates: the same SIREN in the same commune, or names alike in the same commune.

Only structures of the same commune are compared, so the work grows with the largest commune rather
than with the directory, and three queries suffice: one for the folded names of the structures given,
one for the pairs someone said are two structures (structures.distinct), which are no longer proposed,
one for the structures of the pairs found. Names are compared folded (search_name): equal names first,
then a similarity of at least 0.85 between their letters or their sorted words (difflib), only among
names that share a significant word. The SIRET is unique in the directory, so the same establishment
recorded twice shows as the same SIREN in the same commune, or as the same name.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import QuerySet

from maillage.structures.distinct import distinct_keys
from maillage.structures.models import Structure

SIMILARITY = 0.85
MAX_PAIRS = 200
# Words too short or too common to tell two names apart; a word shared by more names of one commune
# than this is skipped too, so a commune full of "compagnie …" is not compared pair by pair.
STOP_WORDS = frozenset(
    [
        "les",
        "des",
        "une",
        "aux",
        "sur",
        "par",
        "pour",
        "dans",
        "avec",
        "and",
        "the",
        "association",
        "asso",
        "compagnie",
        "cie",
        "collectif",
        "theatre",
        "festival",
    ]
)
MAX_WORD_FREQUENCY = 100


@dataclass(frozen=True)
class DuplicatePair:
    """Two structures that may be the same one, with why they are suspected."""

    first: Structure
    second: Structure
    reason: str
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


@dataclass(frozen=True)
class _Row:
    pk: int
    commune_id: str
    name: str
    siren: str
    parent_id: int | None


def name_similarity(first: str, second: str) -> float:
    """Return how alike two folded names are (0 to 1), by their letters or by their sorted words."""
    by_letters = SequenceMatcher(None, first, second)
    sorted_first, sorted_second = " ".join(sorted(first.split())), " ".join(sorted(second.split()))
    by_words = SequenceMatcher(None, sorted_first, sorted_second)
    if by_letters.real_quick_ratio() < SIMILARITY and by_words.real_quick_ratio() < SIMILARITY:
        return 0.0
    return max(by_letters.ratio(), by_words.ratio())


def _words(name: str) -> set[str]:
    return {word for word in name.split() if len(word) >= 3 and word not in STOP_WORDS}


def _commune_pairs(rows: list[_Row]) -> dict[tuple[int, int], tuple[str, float]]:
    """Return the suspected pairs of one commune's structures, by the pks of each pair."""
    found: dict[tuple[int, int], tuple[str, float]] = {}

    def add(a: _Row, b: _Row, reason: str, score: float) -> None:
        if a.pk == b.pk or a.parent_id == b.pk or b.parent_id == a.pk:
            return  # a branch named after its parent organisation is not a duplicate of it
        key = (min(a.pk, b.pk), max(a.pk, b.pk))
        if key not in found or found[key][1] < score:
            found[key] = (reason, score)

    for group in _grouped(rows, lambda row: row.siren):
        for a, b in itertools.combinations(group, 2):
            add(a, b, "Même SIREN dans la même commune", 1.0)
    for group in _grouped(rows, lambda row: row.name):
        for a, b in itertools.combinations(group, 2):
            add(a, b, "Même nom dans la même commune", 1.0)
    by_word: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        for word in _words(row.name):
            by_word[word].append(row)
    compared: set[tuple[int, int]] = set()
    for sharing in by_word.values():
        if len(sharing) > MAX_WORD_FREQUENCY:
            continue
        for a, b in itertools.combinations(sharing, 2):
            key = (min(a.pk, b.pk), max(a.pk, b.pk))
            if key in compared or a.name == b.name:
                continue
            compared.add(key)
            score = name_similarity(a.name, b.name)
            if score >= SIMILARITY:
                add(a, b, "Noms proches dans la même commune", score)
    return found


def _grouped(rows: list[_Row], key: object) -> Iterable[list[_Row]]:
    groups: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        value = key(row)  # type: ignore[operator]
        if value:
            groups[value].append(row)
    return (group for group in groups.values() if len(group) > 1)


def duplicate_pairs(structures: QuerySet[Structure], *, limit: int = MAX_PAIRS) -> list[DuplicatePair]:
    """Return the suspected pairs among the structures given, surest first, in three queries at most."""
    values = (
        structures.filter(commune__isnull=False)
        .values_list("pk", "commune_id", "search_name", "siren", "parent_id")
        .order_by("commune_id", "pk")
    )
    found: dict[tuple[int, int], tuple[str, float]] = {}
    for _, commune_rows in itertools.groupby(
        (_Row(*value) for value in values), key=lambda row: row.commune_id
    ):
        found.update(_commune_pairs(list(commune_rows)))
    for key in distinct_keys(structures) if found else ():
        found.pop(key, None)
    best = sorted(found.items(), key=lambda item: (-item[1][1], item[0]))[:limit]
    ids = {pk for (first, second), _ in best for pk in (first, second)}
    loaded = Structure.objects.filter(pk__in=ids).select_related("commune").in_bulk()
    return [
        DuplicatePair(loaded[first], loaded[second], reason, score)
        for (first, second), (reason, score) in best
        if first in loaded and second in loaded
    ]
