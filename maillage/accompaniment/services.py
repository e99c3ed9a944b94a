"""Writes of bodies, of their staff's roles (logged in the role log, ADR 8) and of beneficiaries' consent."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.accompaniment.enums import StaffRole
from maillage.accompaniment.models import Body, BodyStaff, Consent
from maillage.concurrency.versions import versioned_update
from maillage.memberships.enums import RoleChange, RoleKind
from maillage.memberships.rules import can
from maillage.memberships.services import is_staff, role_event_record
from maillage.structures.models import Structure

ROLE_KINDS = {
    StaffRole.OFFICER: RoleKind.ACCOMPANIMENT_OFFICER,
    StaffRole.RESOURCE_CENTRE: RoleKind.RESOURCE_CENTRE,
}
NOT_A_MANAGER = "Seuls les gestionnaires de la structure donnent ou retirent son accord à un accompagnement."


@transaction.atomic
def body_register(
    *,
    structure: Structure,
    kind: str,
    actor: Any,
    checkpoint_months: list[int] | None = None,
    source_label: str = "",
) -> Body:
    """Make a structure of the directory an accompaniment body (the site's team decides)."""
    if not is_staff(actor):
        raise PermissionDenied("Seule l'équipe du site déclare une structure d'accompagnement.")
    body = Body(structure=structure, kind=kind, source_label=source_label or "Déclaré par l'équipe du site")
    if checkpoint_months is not None:
        body.checkpoint_months = checkpoint_months
    body.source_date = timezone.localdate()
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def body_update(*, body: Body, actor: Any, expected_version: int, checkpoint_months: list[int]) -> Body:
    """Change when a body's follow-up checkpoints fall due (for cases diagnosed from then on)."""
    if not (is_staff(actor) or can(actor, "open_case", body)):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement de la structure la modifient.")
    body.checkpoint_months = checkpoint_months
    body.full_clean()
    body.version = versioned_update(body, expected_version=expected_version, fields=["checkpoint_months"])
    return body


@transaction.atomic
def staff_grant(*, body: Body, user: Any, role: str, actor: Any, site_url: str = "") -> BodyStaff:
    """Give a person a role on a body (the site's team or the body's officers), logged in the role log."""
    if not (is_staff(actor) or can(actor, "open_case", body)):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement et l'équipe du site donnent ce rôle.")
    role = StaffRole(role)
    staff, created = BodyStaff.objects.get_or_create(body=body, user=user, role=role)
    if created:
        role_event_record(
            person=user,
            role=ROLE_KINDS[role],
            change=RoleChange.GRANTED,
            structure=body.structure,
            actor=actor,
            site_url=site_url,
        )
    return staff


@transaction.atomic
def staff_revoke(*, staff: BodyStaff, actor: Any) -> None:
    """Take a role on a body back, logged in the role log."""
    if not (is_staff(actor) or can(actor, "open_case", staff.body)):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement et l'équipe du site retirent ce rôle.")
    role_event_record(
        person=staff.user,
        role=ROLE_KINDS[StaffRole(staff.role)],
        change=RoleChange.REVOKED,
        structure=staff.body.structure,
        actor=actor,
    )
    staff.delete()


@transaction.atomic
def consent_give(*, structure: Structure, body: Body, actor: Any) -> Consent:
    """Record a manager's agreement that the body opens a case on the structure; given once while live."""
    if not can(actor, "manage_members", structure):
        raise PermissionDenied(NOT_A_MANAGER)
    live = Consent.objects.filter(structure=structure, body=body, withdrawn_at__isnull=True).first()
    if live is not None:
        return live
    try:
        with transaction.atomic():
            return Consent.objects.create(structure=structure, body=body, given_by=actor)
    except IntegrityError:  # another manager agreed at the same moment: one agreement stands
        return Consent.objects.get(structure=structure, body=body, withdrawn_at__isnull=True)


@transaction.atomic
def consent_withdraw(*, consent: Consent, actor: Any) -> None:
    """Withdraw an agreement: no new case opens; the cases already open stay with their history."""
    if not can(actor, "manage_members", consent.structure):
        raise PermissionDenied(NOT_A_MANAGER)
    updated = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if not updated:
        raise ValidationError("Cet accord était déjà retiré.")


def has_consent(structure: Structure, body: Body) -> bool:
    """Tell whether a manager of the structure agreed to accompaniment by the body (live agreement)."""
    return Consent.objects.filter(structure=structure, body=body, withdrawn_at__isnull=True).exists()
