"""Writes of the review: reviewers assigned (never in conflict), conflicts declared, scores given."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.calls import rules
from maillage.calls.conflicts import conflicts_for, reviewer_structure_ids
from maillage.calls.enums import ApplicationState
from maillage.calls.models import Application, Assignment, CommitteeMember, ConflictDeclaration, Score
from maillage.concurrency.versions import versioned_update
from maillage.memberships.rules import can


def assignment_create(*, actor: Any, application: Application, reviewer: Any) -> Assignment:
    """Give the application to a committee member, unless the graph or a declaration shows a conflict."""
    call = application.call
    if not can(actor, rules.MANAGE, call):
        raise PermissionDenied("Seuls les organisateurs assignent les évaluations.")
    if application.state != ApplicationState.SUBMITTED:
        raise ValidationError("Seules les candidatures déposées sont évaluées.")
    if not CommitteeMember.objects.filter(call=call, user=reviewer).exists():
        raise ValidationError({"reviewer": "Cette personne ne siège pas au comité de l'appel."})
    reasons = conflicts_for(reviewer_structure_ids(reviewer), application.structure_id)
    declared = ConflictDeclaration.objects.filter(application=application, reviewer=reviewer).first()
    if declared is not None:
        reasons.append(f"Conflit d'intérêts déclaré : {declared.reason}")
    if reasons:
        raise ValidationError({"reviewer": f"Conflit d'intérêts : {' '.join(reasons)}"})
    try:
        with transaction.atomic():
            return Assignment.objects.create(application=application, reviewer=reviewer, assigned_by=actor)
    except IntegrityError as error:
        # Two organisers assigning the same person at once: the unique constraint keeps one.
        raise ValidationError({"reviewer": "Cette personne évalue déjà cette candidature."}) from error


def conflict_declare(*, actor: Any, application: Application, reason: str) -> ConflictDeclaration:
    """Record the reviewer's own declaration of a conflict: their assignment is withdrawn, access refused."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Dites en quelques mots la nature du conflit d'intérêts."})
    with transaction.atomic():
        declaration, _ = ConflictDeclaration.objects.get_or_create(
            application=application, reviewer=actor, defaults={"reason": reason[:300]}
        )
        Assignment.objects.filter(application=application, reviewer=actor, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_reason="Conflit d'intérêts déclaré par l'évaluateur"
        )
    return declaration


def review_submit(
    *, actor: Any, assignment: Assignment, expected_version: int, scores: Mapping[int, tuple[Any, str]]
) -> Assignment:
    """Record the reviewer's points and comment on every criterion; a later submit revises them."""
    application = assignment.application
    if assignment.reviewer_id != actor.pk or not can(actor, rules.REVIEW, application):
        raise PermissionDenied("Cette évaluation ne vous est pas confiée.")
    if application.call.decisions_published_at is not None:
        raise ValidationError("Les décisions sont rendues : les évaluations sont closes.")
    criteria = list(application.call.criteria.all())
    errors: dict[str, str] = {}
    values: dict[int, tuple[int, str]] = {}
    for criterion in criteria:
        raw, comment = scores.get(criterion.pk, ("", ""))
        text = str(raw).strip()
        if not text.isascii() or not text.isdigit() or int(text) > criterion.max_score:
            errors[f"score_{criterion.pk}"] = f"Une note entière de 0 à {criterion.max_score}."
            continue
        values[criterion.pk] = (int(text), str(comment).strip()[:3000])
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assignment.submitted_at = timezone.now()
        versioned_update(assignment, expected_version=expected_version, fields={"submitted_at"})
        for criterion_id, (value, comment) in values.items():
            Score.objects.update_or_create(
                assignment=assignment,
                criterion_id=criterion_id,
                defaults={"value": value, "comment": comment},
            )
    return assignment
