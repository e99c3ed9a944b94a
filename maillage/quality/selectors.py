"""Reads of the scores: one record's, filters and sort keys for lists, averages for coordinators."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Exists, IntegerField, Model, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from maillage.quality.models import RecordScore
from maillage.quality.registry import model_key
from maillage.structures.models import Relation, Structure
from maillage.territories.models import Territory, TerritoryCommune

STRUCTURE = "structures.structure"


def record_score(record: Model) -> RecordScore | None:
    """Return the stored score of a record, or None when it was never computed."""
    return RecordScore.objects.filter(model=model_key(record), record_id=record.pk).first()


def scores_by_id(label: str, ids: list[int]) -> dict[int, int]:
    """Return the scores of records of a model, by id: one query for a whole page."""
    rows = RecordScore.objects.filter(model=label, record_id__in=ids).values_list("record_id", "score")
    return dict(rows)


def with_minimum_score[M: Model](
    queryset: QuerySet[M], label: str, minimum: int, *, correlated: bool = False
) -> QuerySet[M]:
    """Keep the records whose stored score is at least `minimum`.

    Two spellings of one condition, each faster for one use (SQLite, 20,000 structures, bench_quality):
    `IN (sub-query)` to count (the ids come from the score index at once), `correlated` (EXISTS, one probe
    of the unique index per row) to read a page in another order, which then stops after the page.
    """
    if correlated:
        probe = RecordScore.objects.filter(model=label, record_id=OuterRef("pk"), score__gte=minimum)
        return queryset.filter(Exists(probe))
    scored = RecordScore.objects.filter(model=label, score__gte=minimum).values("record_id")
    return queryset.filter(pk__in=scored)


def with_score[M: Model](queryset: QuerySet[M], label: str, name: str = "quality_score") -> QuerySet[M]:
    """Annotate each record with its score (0 when never computed), to sort or to show it."""
    stored = RecordScore.objects.filter(model=label, record_id=OuterRef("pk")).values("score")[:1]
    return queryset.annotate(**{name: Coalesce(Subquery(stored, output_field=IntegerField()), Value(0))})


@dataclass(frozen=True)
class Average:
    """The mean score of a group of published structures, and how many it counts."""

    key: Any
    name: str
    average: int | None
    count: int


def _average(structures: QuerySet[Structure], key: Any, name: str) -> Average:
    ids = structures.values("pk")
    row = RecordScore.objects.filter(model=STRUCTURE, record_id__in=ids).aggregate(
        average=Avg("score"), count=Count("pk")
    )
    average = row["average"]
    return Average(key, name, round(average) if average is not None else None, row["count"])


def network_average(network: Structure) -> Average:
    """Return the mean score of the network's current members (the perimeter its coordinators see)."""
    members = Relation.objects.current().member_of().filter(target=network).values("source_id")
    structures = Structure.objects.published().filter(pk__in=members)
    return _average(structures, network.slug, network.name)


def territory_average(territory: Territory) -> Average:
    """Return the mean score of the published structures located in the territory."""
    communes = TerritoryCommune.objects.filter(territory_id=territory.id).values("commune_id")
    structures = Structure.objects.published().filter(commune_id__in=communes)
    return _average(structures, territory.id, territory.name)
