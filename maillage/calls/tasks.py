"""Background tasks of the calls: the decision notices, one e-mail per applicant's manager."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task
from django.template.loader import render_to_string

from maillage.accounts.emails import enqueue_emails
from maillage.calls.enums import ApplicationState
from maillage.calls.models import Application, Call
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership


@task
def send_decision_notices(*, call_id: int) -> int:
    """Tell each applicant's managers the decision and its justification; return the notices queued."""
    call = Call.objects.get(pk=call_id)
    applications = Application.objects.filter(call=call, state=ApplicationState.SUBMITTED).select_related(
        "structure"
    )
    managers: dict[int, list[str]] = {}
    for structure_id, email in StructureMembership.objects.filter(
        structure__call_applications__call=call, role=MemberRole.MANAGER, user__is_active=True
    ).values_list("structure_id", "user__email"):
        managers.setdefault(structure_id, []).append(email)
    sent = 0
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    for application in applications:
        to = sorted(set(managers.get(application.structure_id, [])))
        if not to:
            continue
        body = render_to_string(
            "emails/calls_decision.txt",
            {"call": call, "application": application, "url": base + application.get_absolute_url()},
        )
        enqueue_emails(subject=f"[maillage] {call.title} : décision", body=body, to=to)
        sent += len(to)
    return sent
