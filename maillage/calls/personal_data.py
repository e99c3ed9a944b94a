"""What the calls hold about a person: committee seats, reviews with their comments, declared conflicts."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from maillage.calls.models import (
    Application,
    ApplicationEvent,
    Assignment,
    Call,
    CommitteeMember,
    ConflictDeclaration,
    Score,
)


def calls_export(user: Any) -> dict[str, Any]:
    """Return the person's seats, reviews (points and comments) and declared conflicts."""
    scores = Score.objects.filter(assignment__reviewer=user).select_related("criterion", "assignment")
    return {
        "comites": [
            {"appel": m.call.title, "role": m.get_role_display(), "depuis": m.added_at.isoformat()}
            for m in CommitteeMember.objects.filter(user=user).select_related("call").order_by("pk")
        ],
        "evaluations": [
            {
                "candidature": s.assignment.application_id,
                "critere": s.criterion.label,
                "note": s.value,
                "commentaire": s.comment,
            }
            for s in scores.order_by("pk")
        ],
        "conflits_declares": [
            {"candidature": d.application_id, "motif": d.reason, "le": d.declared_at.isoformat()}
            for d in ConflictDeclaration.objects.filter(reviewer=user).order_by("pk")
        ],
    }


@transaction.atomic
def calls_erase(user: Any) -> None:
    """Detach the person from reviews and histories (kept), drop their seats and declarations."""
    Assignment.objects.filter(reviewer=user).update(reviewer=None)
    Assignment.objects.filter(assigned_by=user).update(assigned_by=None)
    ConflictDeclaration.objects.filter(reviewer=user).delete()
    CommitteeMember.objects.filter(user=user).delete()
    ApplicationEvent.objects.filter(actor=user).update(actor=None)
    Application.objects.filter(created_by=user).update(created_by=None)
    Application.objects.filter(submitted_by=user).update(submitted_by=None)
    Call.objects.filter(created_by=user).update(created_by=None)
