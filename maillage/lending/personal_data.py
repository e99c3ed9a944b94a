"""What lending holds about a person: the condition reports they wrote or signed, the disputes opened."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from maillage.lending.models import ConditionReport, Dispute


def export_reports(user: Any) -> list[dict[str, Any]]:
    """Return the condition reports the user wrote or countersigned."""
    reports = ConditionReport.objects.filter(Q(written_by=user) | Q(countersigned_by=user))
    return [
        {
            "item": r.booking.resource.name,
            "kind": r.kind,
            "remarks": r.remarks,
            "written_by_you": r.written_by_id == user.pk,
            "at": r.created_at.isoformat(),
        }
        for r in reports.select_related("booking__resource").order_by("pk")
    ]


@transaction.atomic
def erase_reports(user: Any) -> None:
    """Detach the user from reports and disputes: the records stay, they belong to the structures."""
    ConditionReport.objects.filter(written_by=user).update(written_by=None)
    ConditionReport.objects.filter(countersigned_by=user).update(countersigned_by=None)
    Dispute.objects.filter(opened_by=user).update(opened_by=None)
