"""Shares of a case (explicit, scoped, dated, revocable) and the log of reads from outside the body."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.accompaniment.enums import AccessKind, CaseAction, ShareScope
from maillage.accompaniment.models import AccessLog, Body, Case, Share
from maillage.accompaniment.rules import reads_from_outside
from maillage.memberships.rules import can


def _as_body(actor: Any, case: Case) -> str:
    return f"chargé·e d'accompagnement de {case.body.structure.name}" if actor is not None else "système"


@transaction.atomic
def case_share(*, case: Case, actor: Any, grantee: Body, scope: str) -> Share:
    """Open the case to another body's staff (or the resource centre), logged and visible to the body."""
    if not can(actor, CaseAction.SHARE, case):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement de la structure partagent ce dossier.")
    if grantee.pk == case.body_id:
        raise ValidationError({"grantee": "Le dossier appartient déjà à cette structure."})
    try:
        with transaction.atomic():
            share = Share.objects.create(
                case=case, grantee=grantee, scope=ShareScope(scope), granted_by=actor
            )
    except IntegrityError as error:
        raise ValidationError({"grantee": "Ce dossier est déjà partagé avec cette structure."}) from error
    AccessLog.objects.create(
        case=case,
        user=actor,
        as_role=f"{_as_body(actor, case)} → {grantee.structure.name}",
        kind=AccessKind.SHARED,
    )
    return share


@transaction.atomic
def share_revoke(*, share: Share, actor: Any) -> Share:
    """End a share (kept, dated); a second revocation of the same share is refused."""
    if not can(actor, CaseAction.SHARE, share.case):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement de la structure révoquent ce partage.")
    now = timezone.now()
    if not Share.objects.filter(pk=share.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=actor
    ):
        raise ValidationError("Ce partage était déjà révoqué.")
    share.revoked_at, share.revoked_by = now, actor
    AccessLog.objects.create(
        case=share.case,
        user=actor,
        as_role=f"{_as_body(actor, share.case)} → {share.grantee.structure.name}",
        kind=AccessKind.REVOKED,
    )
    return share


def case_read(*, case: Case, user: Any) -> None:
    """Log a read of the case by someone outside its body (a reader inside it leaves no line)."""
    as_role = reads_from_outside(user, case)
    if as_role:
        AccessLog.objects.create(case=case, user=user, as_role=as_role[:200], kind=AccessKind.READ)
