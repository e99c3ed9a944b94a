"""Bring the indicators up to date after edits of the directory, measuring only the communes they touched.

Edits (a contribution accepted, a structure changed from a page, a membership declared) come one by one,
many a day. Each does not deserve a snapshot of its own (a snapshot holds every value of every territory,
about 700,000 rows at 200,000 structures): the month's edits share one, the "snapshot of the month's
edits" (ADR 33). The first edit of a month starts it as an incremental snapshot of the touched communes
(the other territories' values shared with the latest snapshot, not copied: ADR 35); the next edits amend it
in place: the touched communes are measured into a scratch snapshot, the rows of every territory holding
them are replaced, and those territories are summed again from their communes. Imports and yearly
snapshots are never amended: they stay as they were computed, for the history.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone

from maillage.observatory import increments, rollup
from maillage.observatory.compute import ComputeResult, inputs_signature, snapshot_compute
from maillage.observatory.definitions import INDICATORS, Indicator
from maillage.observatory.documents import snapshot_documents_delete
from maillage.observatory.measures import MeasureContext
from maillage.observatory.models import Snapshot
from maillage.observatory.selectors import latest_snapshot

EDITS_TRIGGER = "modifications du répertoire"


# Written out rather than taken from the active language: the worker that amends has no request.
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def edits_label(on: datetime.date) -> str:
    """Name the snapshot of a month's edits, e.g. "Modifications du répertoire de mars 2026"."""
    month = MONTHS[on.month - 1]
    article = "d'" if month[0] in "aeiou" else "de "
    return f"Modifications du répertoire {article}{month} {on.year}"


def same_month(first: datetime.date, second: datetime.date) -> bool:
    return (first.year, first.month) == (second.year, second.month)


def snapshot_amend(
    *,
    communes: Iterable[str],
    indicators: tuple[Indicator, ...] = INDICATORS,
    progress: Callable[[str], None] | None = None,
    now: datetime.datetime | None = None,
) -> ComputeResult:
    """Take the touched communes into the month's edits snapshot (amended, or started); return the result."""
    say = progress or (lambda message: None)
    started = time.perf_counter()
    touched = tuple(sorted({c for c in communes if c}))
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        previous = latest_snapshot()
        amendable = (
            previous is not None
            and previous.trigger == EDITS_TRIGGER
            and same_month(timezone.localtime(previous.taken_at).date(), today)
            and previous.inputs_signature == inputs_signature(indicators)
            # A snapshot whose values another one shares stays as it was (ADR 35).
            and not Snapshot.objects.filter(shares_values_of=previous).exists()
        )
        if previous is None or not amendable:
            return snapshot_compute(
                label=edits_label(today),
                trigger=EDITS_TRIGGER,
                taken_at=now,
                communes=touched,
                incremental=True,
                indicators=indicators,
                progress=progress,
            )
        scratch = Snapshot.objects.create(
            taken_at=previous.taken_at, label="(calcul en cours)", trigger=EDITS_TRIGGER, is_complete=False
        )
        context = MeasureContext(
            snapshot_id=scratch.pk,
            on=today,  # the day the snapshot will bear: a month's snapshot is amended over weeks
            sirene_run_id=previous.sirene_run_id,
            communes=touched,
        )
        rollup.create_work_tables()
        changed = increments.mark_communes(touched)
        for indicator in indicators:
            rollup.insert_commune_measures(scratch.pk, indicator, context)
        rollup.finish(scratch.pk, indicators)
        territories = increments.mark_holders()
        moved = increments.replace_recomputed(previous.pk, scratch.pk)
        scratch.delete()
        say(f"{changed} communes mesurées ({moved} valeurs), {territories} territoires à recalculer")
        before_rollup = rollup.last_id()
        summed = rollup.rollup_sql(
            previous.pk, indicators, restricted=True, shared_id=previous.shares_values_of_id
        )
        rollup.finish(previous.pk, indicators, after_id=before_rollup)
        rollup.drop_work_tables()
        say(f"agrégation : {summed} valeurs")
        previous.taken_at = now
        previous.values_count = increments.count_values(previous.pk, previous.shares_values_of_id)
        previous.duration_s = round(time.perf_counter() - started, 2)
        previous.save(update_fields=["taken_at", "values_count", "duration_s"])
        # Its printed diagnostics and maps show the values before: printed again on demand.
        transaction.on_commit(partial(snapshot_documents_delete, [previous.pk]))
    return ComputeResult(
        snapshot=previous,
        mode="amended",
        territories=territories,
        values=previous.values_count,
        changed_communes=changed,
        seconds=time.perf_counter() - started,
        dry_run=False,
    )
