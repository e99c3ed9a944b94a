"""The committee's deliberation: a decision and its justification for every application, then notices."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.calls import rules
from maillage.calls.enums import ApplicationState, Decision
from maillage.calls.models import Application, Call
from maillage.calls.services import record_event
from maillage.concurrency.versions import StaleWriteError, versioned_update
from maillage.memberships.rules import can


def application_decide(
    *, actor: Any, application: Application, expected_version: int, decision: str, justification: str
) -> Application:
    """Record the committee's decision on a submitted application, with its justification and history."""
    if not can(actor, rules.DECIDE, application):
        raise PermissionDenied("Seuls le président du comité et les organisateurs décident.")
    if decision not in Decision.values:
        raise ValidationError({"decision": "Décision inconnue."})
    if decision != Decision.PENDING and not justification.strip():
        raise ValidationError({"justification": "Motivez la décision : elle sera communiquée au candidat."})
    with transaction.atomic():
        current = Application.objects.select_related("call").get(pk=application.pk)
        if current.state != ApplicationState.SUBMITTED:
            raise ValidationError("Seules les candidatures déposées (et non retirées) sont décidées.")
        if current.call.decisions_published_at is not None:
            raise ValidationError("Les décisions de cet appel sont déjà notifiées.")
        if current.version != expected_version:
            raise StaleWriteError(current=current, expected_version=expected_version)
        old = current.decision
        current.decision, current.justification = decision, justification.strip()
        current.decided_at = timezone.now()
        versioned_update(
            current, expected_version=expected_version, fields={"decision", "justification", "decided_at"}
        )
        record_event(current, actor, "decision", old, decision, current.justification)
    return current


def decisions_publish(*, actor: Any, call: Call, expected_version: int) -> Call:
    """Close the deliberation: every submitted application decided, then the notices leave by task."""
    from maillage.calls.tasks import send_decision_notices  # noqa: PLC0415 (tasks import this module)

    if not can(actor, rules.DELIBERATE, call):
        raise PermissionDenied("Seuls le président du comité et les organisateurs rendent les décisions.")
    with transaction.atomic():
        pending = call.applications.filter(
            state=ApplicationState.SUBMITTED, decision=Decision.PENDING
        ).count()
        if pending:
            raise ValidationError(f"{pending} candidature(s) attendent encore une décision.")
        if call.decisions_published_at is not None:
            raise ValidationError("Les décisions sont déjà notifiées.")
        call.decisions_published_at = timezone.now()
        versioned_update(call, expected_version=expected_version, fields={"decisions_published_at"})
        transaction.on_commit(lambda: send_decision_notices.enqueue(call_id=call.pk))
    return call
