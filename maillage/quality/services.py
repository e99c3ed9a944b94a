"""Compute and keep the scores: one record after its write, a batch after an import, all on demand."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Model, QuerySet
from django.utils import timezone

from maillage.quality.models import RecordScore
from maillage.quality.registry import findings_of, model_key, score, scored_models

BATCH = 2_000
# Only the columns the scorers read: a recompute of the whole directory skips the long search texts.
STRUCTURE_COLUMNS = (
    *("id", "siret", "source", "field_sources", "commune_id", "website", "email", "phone"),
    *("description", "confirmed_at"),
)


def score_refresh(*, records: Sequence[Any]) -> int:
    """Compute and store the scores of records of one model; return how many were stored."""
    if not records:
        return 0
    label = model_key(records[0])
    findings_field = RecordScore._meta.get_field("findings")
    computed_at = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [
        (
            label,
            pk,
            score(findings),
            findings_field.get_db_prep_value([f.as_json() for f in findings], connection),
            computed_at,
        )
        for pk, findings in findings_of(records).items()
    ]
    # One upsert per record, without bulk_create's compilation of each value: that compilation took
    # twice the scoring itself after an import of 35,000 structures (docs/benchmarks.md).
    table = connection.ops.quote_name(RecordScore._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (model, record_id, score, findings, computed_at) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (model, record_id) DO UPDATE SET "
            "score = excluded.score, findings = excluded.findings, computed_at = excluded.computed_at",
            rows,
        )
    return len(rows)


def _queryset(label: str) -> QuerySet[Model]:
    model = apps.get_model(label)
    queryset: QuerySet[Model] = model._default_manager.all()
    if label == "structures.structure":
        queryset = queryset.only(*STRUCTURE_COLUMNS)
    return queryset


def score_refresh_model(
    *,
    label: str,
    ids: Iterable[int] | None = None,
    communes: Iterable[str] | None = None,
    say: Callable[[str], None] | None = None,
) -> int:
    """Recompute the scores of a model's records (all, or those given by id or by commune), by batches."""
    queryset = _queryset(label)
    if ids is not None:
        return _refresh_ids(queryset, sorted(set(ids)), say=say, label=label)
    if communes is not None:
        queryset = queryset.filter(commune_id__in=list(communes))
    done, last = 0, 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            break
        done += score_refresh(records=batch)
        last = batch[-1].pk
        if say is not None:
            say(f"{label} : {done} scores recalculés…")
    return done


def score_refresh_all(*, say: Callable[[str], None] | None = None) -> dict[str, int]:
    """Recompute the score of every record of every scored model; return the counts by model."""
    return {label: score_refresh_model(label=label, say=say) for label in scored_models()}


def _refresh_ids(
    queryset: QuerySet[Model], ids: list[int], *, say: Callable[[str], None] | None, label: str
) -> int:
    """Score the records given by id, a batch of ids at a time (an import may name a million)."""
    done = 0
    for start in range(0, len(ids), BATCH):
        batch = list(queryset.filter(pk__in=ids[start : start + BATCH]).order_by("pk"))
        done += score_refresh(records=batch)
        if say is not None:
            say(f"{label} : {done} scores recalculés…")
    return done
