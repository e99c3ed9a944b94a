"""Match a structure with every published scheme reaching it, criterion by criterion, and rank the results.

All met first, then met with unknowns (each unknown a question the structure can answer), then near
misses (one criterion short, with when or how it could be met). Schemes answering a need the structure
declared in a survey rise within each group.
"""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from maillage.schemes.criteria import MET, NOT_MET, UNKNOWN, Judge, Verdict
from maillage.schemes.models import Scheme
from maillage.schemes.needs import need_labels, needs_in_answers
from maillage.schemes.search import reaching_commune
from maillage.structures.models import Structure

ELIGIBLE, TO_CONFIRM, NEAR_MISS = "eligible", "to_confirm", "near_miss"
GROUP_LABELS = {
    ELIGIBLE: "Tous les critères sont remplis",
    TO_CONFIRM: "Critères remplis, d'autres à préciser",
    NEAR_MISS: "Presque : un critère manque",
}
# Columns the matching reads: the long texts and the fields no criterion uses stay in the database.
READ = (
    *("id", "uid", "title", "status", "area_communes", "closes_at", "targets", "needs", "min_years"),
    *("headcount_min", "headcount_max", "legal_forms", "legal_forms_excluded", "naf_codes", "naf_excluded"),
    *("ess_families", "esus_only"),
)
# The criteria's columns as the matching fetches them, the JSON lists as their text: a text seen again
# is neither decoded nor judged again.
FETCHED = (
    *("targets", "min_years", "headcount_min", "headcount_max", "legal_forms", "legal_forms_excluded"),
    *("naf_codes", "naf_excluded", "ess_families", "esus_only", "needs"),
)
LISTS = frozenset(FETCHED) - {"min_years", "headcount_min", "headcount_max", "esus_only"}


class SchemeCriteria(NamedTuple):
    """A scheme's criteria's columns as plain values: what `criteria.Judge` reads."""

    targets: Any
    min_years: int | None
    headcount_min: int | None
    headcount_max: int | None
    legal_forms: Any
    legal_forms_excluded: Any
    naf_codes: Any
    naf_excluded: Any
    ess_families: Any
    esus_only: bool


class MatchedScheme(NamedTuple):
    """What a listed match shows of its scheme: no model instance is built for each candidate."""

    pk: int
    uid: uuid.UUID
    title: str

    def get_absolute_url(self) -> str:
        return reverse("schemes:detail", kwargs={"uid": self.uid})


@dataclass
class Match:
    scheme: MatchedScheme
    group: str
    verdicts: list[Verdict]
    needs: list[str] = field(default_factory=list)

    @property
    def unknowns(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.state == UNKNOWN]

    @property
    def missed(self) -> Verdict | None:
        return next((v for v in self.verdicts if v.state == NOT_MET), None)


@dataclass
class Matching:
    structure: Structure
    matches: list[Match]
    declared_needs: set[str]
    not_eligible: int = 0

    def group(self, name: str) -> list[Match]:
        return [m for m in self.matches if m.group == name]

    @property
    def groups(self) -> list[tuple[str, str, list[Match]]]:
        return [(key, label, self.group(key)) for key, label in GROUP_LABELS.items()]

    @property
    def questions(self) -> list[str]:
        """Return the fields whose answer would settle unknowns, each once."""
        return list(dict.fromkeys(v.question for m in self.matches for v in m.unknowns if v.question))


def commune_of(structure: Structure) -> str | None:
    """Return the commune to match on (an arrondissement counts as its commune)."""
    if structure.commune_id is None:
        return None
    parent = getattr(structure.commune, "commune_id", None)
    return parent or structure.commune_id


def declared_needs(structure: Structure) -> set[str]:
    """Return the needs the structure expressed in its survey answers."""
    from maillage.surveys.models import Response  # noqa: PLC0415 (optional reading of another feature)

    needs: set[str] = set()
    for answers in Response.objects.filter(structure=structure).values_list("answers", flat=True):
        needs |= needs_in_answers(answers if isinstance(answers, dict) else {})
    return needs


def candidates(structure: Structure, *, now: datetime.datetime) -> Any:
    """Return the visible, not closed schemes reaching the structure's commune (criteria's columns)."""
    queryset = Scheme.objects.visible().filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    commune = commune_of(structure)
    if commune is not None:
        queryset = queryset.filter(reaching_commune(commune))
    return queryset.only(*READ).order_by("area_communes", "closes_at", "title", "pk")


def candidate_rows(structure: Structure, *, now: datetime.datetime) -> Any:
    """Return the candidates as tuples: id, uid, title, `FETCHED` (lists as JSON), asks disciplines."""
    links = Scheme.disciplines.through.objects.filter(scheme_id=OuterRef("pk"))
    texts = {f"{name}_text": Cast(name, TextField()) for name in LISTS}
    columns = (f"{name}_text" if name in LISTS else name for name in FETCHED)
    return (
        candidates(structure, now=now)
        .annotate(**texts, asks_disciplines=Exists(links))
        .values_list("pk", "uid", "title", *columns, "asks_disciplines")
    )


def scheme_disciplines(ids: list[int]) -> dict[int, dict[int, str]]:
    """Return the disciplines each scheme asks for, in one query (none when no id is given)."""
    found: dict[int, dict[int, str]] = {}
    if not ids:
        return found
    rows = Scheme.disciplines.through.objects.filter(scheme_id__in=ids).values_list(
        "scheme_id", "discipline_id", "discipline__name"
    )
    for scheme_id, discipline_id, name in rows:
        found.setdefault(scheme_id, {})[discipline_id] = name
    return found


def match_structure(
    structure: Structure, *, today: datetime.date | None = None, limit: int | None = None
) -> Matching:
    """Evaluate every candidate scheme for the structure and rank them."""
    now = timezone.now()
    today = today or timezone.localdate()
    judge = Judge(structure, today, set(structure.disciplines.values_list("pk", flat=True)))
    needs = declared_needs(structure)
    labels = need_labels()
    rows = list(candidate_rows(structure, now=now))
    # Most schemes ask for no discipline: their links are read only for those that do.
    wanted_by_scheme = scheme_disciplines([row[0] for row in rows if row[-1]])
    decoded: dict[str | None, Any] = {None: None}
    matches: list[Match] = []
    refused = 0
    for row in rows:
        for text in row[3:-1]:
            if isinstance(text, str) and text not in decoded:
                decoded[text] = json.loads(text)
        (targets, min_years, low, high, forms, forms_out, naf, naf_out, families, esus, wished) = row[3:-1]
        scheme = SchemeCriteria(
            decoded[targets], min_years, low, high, decoded[forms], decoded[forms_out], decoded[naf],
            decoded[naf_out], decoded[families], esus,
        )  # fmt: skip
        # One key per criterion.COLUMNS entry: the raw values its verdict depends on.
        keys = (targets, min_years, (low, high), (forms, forms_out), (naf, naf_out), (families, esus))
        verdicts = judge.verdicts(scheme, keys, wanted_by_scheme.get(row[0], {}))
        missed = sum(1 for v in verdicts if v.state == NOT_MET)
        if not missed:
            group = TO_CONFIRM if any(v.state == UNKNOWN for v in verdicts) else ELIGIBLE
        elif missed == 1:
            group = NEAR_MISS
        else:
            refused += 1
            continue
        answered = [labels[n] for n in decoded[wished] or () if n in needs and n in labels]
        matches.append(Match(MatchedScheme(row[0], row[1], row[2]), group, verdicts, answered))
    order = list(GROUP_LABELS)
    # Stable sort: within a group, schemes answering a declared need first, then the area's order.
    matches.sort(key=lambda m: (order.index(m.group), not m.needs))
    return Matching(structure, matches[:limit] if limit else matches, needs, refused)


__all__ = ["ELIGIBLE", "MET", "NEAR_MISS", "TO_CONFIRM", "Match", "Matching", "match_structure"]
