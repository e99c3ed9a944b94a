"""Which snapshots to keep: every yearly one (the last of each calendar year) and the last N others."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from maillage.observatory.documents import snapshot_documents_delete
from maillage.observatory.models import IndicatorValue, Snapshot


@dataclass
class Retention:
    yearly: list[int]
    recent: list[int]
    deleted: list[int]
    shared: list[int] = field(default_factory=list)  # kept because a kept snapshot shares their values
    values_deleted: int = 0
    files_deleted: int = 0


def split_snapshots(snapshots: Iterable[tuple[int, datetime.datetime]], *, keep: int) -> Retention:
    """Sort (id, taken_at) pairs into yearly, recent (the `keep` latest others) and to delete."""
    latest_first = sorted(snapshots, key=lambda pair: (pair[1], pair[0]), reverse=True)
    yearly: dict[int, int] = {}
    for snapshot_id, taken_at in latest_first:
        # The calendar year as read in France: a snapshot of 31 December, 23:30 belongs to that year.
        yearly.setdefault(timezone.localtime(taken_at).year, snapshot_id)
    kept_yearly = set(yearly.values())
    others = [snapshot_id for snapshot_id, _ in latest_first if snapshot_id not in kept_yearly]
    return Retention(yearly=sorted(kept_yearly), recent=sorted(others[:keep]), deleted=sorted(others[keep:]))


def _keep_shared(retention: Retention) -> Retention:
    """Move out of the deleted ones every snapshot whose values a kept snapshot shares (ADR 35)."""
    kept = [*retention.yearly, *retention.recent]
    shared = set(
        Snapshot.objects.filter(id__in=kept, shares_values_of__isnull=False).values_list(
            "shares_values_of_id", flat=True
        )
    ) & set(retention.deleted)
    retention.shared = sorted(shared)
    retention.deleted = [snapshot_id for snapshot_id in retention.deleted if snapshot_id not in shared]
    return retention


def snapshots_prune(*, keep: int, dry_run: bool = False) -> Retention:
    """Delete the snapshots outside the retention, with their values and their files; idempotent."""
    # Only complete snapshots: an incomplete one is a computation running now.
    complete = Snapshot.objects.filter(is_complete=True).values_list("id", "taken_at")
    retention = _keep_shared(split_snapshots(complete, keep=keep))
    doomed = IndicatorValue.objects.filter(snapshot_id__in=retention.deleted)
    if dry_run:
        retention.values_deleted = doomed.count()
        return retention
    with transaction.atomic():
        # Values first: nothing refers to them, so this is one DELETE, not a collector loading every row.
        retention.values_deleted = doomed.delete()[0]
        Snapshot.objects.filter(based_on_id__in=retention.deleted).update(based_on=None)
        # Among the deleted, one may share another's values: unlinked first (the link is protected).
        Snapshot.objects.filter(id__in=retention.deleted).update(shares_values_of=None)
        Snapshot.objects.filter(id__in=retention.deleted).delete()
    retention.files_deleted = snapshot_documents_delete(retention.deleted)
    return retention
