"""What accompaniment holds about a person: cases run, actions carried out, agreements, shares, reads."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from maillage.accompaniment.models import AccessLog, Attachment, BodyStaff, Case, Consent, Intervention, Share


def export_person(user: Any) -> dict[str, Any]:
    """Return the roles, cases, actions, agreements and reads that name the user."""
    return {
        "roles": [
            {"body": s.body.structure.name, "role": s.role, "since": s.created_at.isoformat()}
            for s in BodyStaff.objects.filter(user=user).select_related("body__structure").order_by("pk")
        ],
        "cases_as_officer": [
            {
                "title": c.title,
                "body": c.body.structure.name,
                "opened_on": c.opened_on.isoformat(),
                "phase": c.phase,
            }
            for c in Case.objects.filter(officer=user).select_related("body__structure").order_by("pk")
        ],
        "actions_as_consultant": [
            {
                "title": a.title,
                "case": a.case.title,
                "starts_on": a.starts_on.isoformat(),
                "days": str(a.days),
            }
            for a in Intervention.objects.filter(consultant=user).select_related("case").order_by("pk")
        ],
        "agreements_given": [
            {"structure": c.structure.name, "body": c.body.structure.name, "at": c.given_at.isoformat()}
            for c in Consent.objects.filter(given_by=user).select_related("structure", "body__structure")
        ],
        "attachments_uploaded": [
            {"case": a.case.title, "file": a.title, "kind": a.kind, "at": a.uploaded_at.isoformat()}
            for a in Attachment.objects.filter(uploaded_by=user).select_related("case").order_by("pk")
        ],
        "reads_and_shares": [
            {"case": a.case.title, "kind": a.kind, "as": a.as_role, "at": a.at.isoformat()}
            for a in AccessLog.objects.filter(user=user).select_related("case").order_by("pk")
        ],
    }


@transaction.atomic
def erase_person(user: Any) -> None:
    """Detach the user from cases, actions, agreements, shares and the log: the records stay, unnamed."""
    Case.objects.filter(officer=user).update(officer=None)
    Case.objects.filter(created_by=user).update(created_by=None)
    Intervention.objects.filter(consultant=user).update(consultant=None, consultant_name="")
    Consent.objects.filter(given_by=user).update(given_by=None)
    Share.objects.filter(granted_by=user).update(granted_by=None)
    Share.objects.filter(revoked_by=user).update(revoked_by=None)
    AccessLog.objects.filter(user=user).update(user=None)
    Attachment.objects.filter(uploaded_by=user).update(uploaded_by=None)
    Attachment.objects.filter(withdrawn_by=user).update(withdrawn_by=None)
    BodyStaff.objects.filter(user=user).delete()
