"""The committee's figures: each review's weighted mark out of 20, each application's mean and spread.

A review's mark is the weighted mean of its criteria, each brought to 20 (`value / max_score * 20`), so
that criteria marked on different scales weigh only by their weight. An application's mean is the mean of
its reviews' marks; its spread, the gap between the highest and the lowest. Computed in Python from one
query of the call's scores: a call of 1,000 applications reviewed three times holds some 10,000 scores.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from operator import itemgetter

from django.db.models import F, FloatField, Sum
from django.db.models.functions import Cast

from maillage.calls.models import Call, Criterion, Score

OUT_OF = 20


@dataclass
class ApplicationScores:
    reviews: list[float] = field(default_factory=list)
    # Criterion id → the points each reviewer gave.
    by_criterion: dict[int, list[int]] = field(default_factory=dict)

    @property
    def mean(self) -> float | None:
        return sum(self.reviews) / len(self.reviews) if self.reviews else None

    @property
    def spread(self) -> float | None:
        return max(self.reviews) - min(self.reviews) if self.reviews else None

    def criterion_mean(self, criterion_id: int) -> float | None:
        values = self.by_criterion.get(criterion_id, [])
        return sum(values) / len(values) if values else None


def rounded(value: float | None, places: str = "0.01") -> Decimal | None:
    """Round half up, as people do (not to the even), for display and exports."""
    return None if value is None else Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def score_table(call: Call, criteria: list[Criterion] | None = None) -> dict[int, ApplicationScores]:
    """Return every application's scores, from the submitted reviews that are not withdrawn."""
    criteria = criteria if criteria is not None else list(call.criteria.all())
    weights = {c.pk: (c.weight, c.max_score) for c in criteria}
    total_weight = sum(w for w, _ in weights.values()) or 1
    rows = Score.objects.filter(
        assignment__application__call=call,
        assignment__submitted_at__isnull=False,
        assignment__withdrawn_at__isnull=True,
    ).values_list("assignment__application_id", "assignment_id", "criterion_id", "value")
    reviews: dict[tuple[int, int], float] = defaultdict(float)
    table: dict[int, ApplicationScores] = defaultdict(ApplicationScores)
    for application_id, assignment_id, criterion_id, value in rows.iterator(chunk_size=5000):
        weight, max_score = weights.get(criterion_id, (0, 1))
        reviews[(application_id, assignment_id)] += weight * value / (max_score or 1) * OUT_OF
        table[application_id].by_criterion.setdefault(criterion_id, []).append(value)
    for (application_id, _), weighted in reviews.items():
        table[application_id].reviews.append(weighted / total_weight)
    return table


def review_mean_spread(call: Call, criteria: list[Criterion]) -> dict[int, tuple[float, float]]:
    """Return each reviewed application's (mean, spread) of its marks, reviews summed by the database.

    One row per review rather than per score: what the dashboard needs, a third of the rows to read, and
    two floats per application kept rather than an object with its lists.
    """
    total_weight = sum(c.weight for c in criteria) or 1
    points = Cast(F("value"), FloatField()) * F("criterion__weight") * OUT_OF / F("criterion__max_score")
    rows = (
        Score.objects.filter(
            assignment__application__call=call,
            assignment__submitted_at__isnull=False,
            assignment__withdrawn_at__isnull=True,
        )
        .values("assignment_id")
        .annotate(weighted=Sum(points))
        .values_list("assignment__application_id", "weighted")
        .order_by("assignment__application_id")
    )
    marks: dict[int, tuple[float, float]] = {}
    for application_id, group in groupby(rows, key=itemgetter(0)):
        reviews = [float(weighted) / total_weight for _, weighted in group]
        marks[application_id] = (sum(reviews) / len(reviews), max(reviews) - min(reviews))
    return marks
