"""Decisions on contributions: accept a request (applying it), refuse it, or let its author withdraw it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.concurrency.versions import check_version
from maillage.contributions.declarations import DECLARATION_KEYS, declarations_apply
from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.contributions.models import ChangeRequest
from maillage.contributions.notifications import notify_decision
from maillage.contributions.permissions import may_decide
from maillage.contributions.proposals import (
    DiffRow,
    changed_values,
    corrections,
    normalised,
    profile_values,
    service_fields,
)
from maillage.contributions.submissions import check_new_siret
from maillage.history.enums import Via
from maillage.memberships.enums import MemberRole
from maillage.memberships.services import membership_grant
from maillage.structures.distinct import distinct_pair_record
from maillage.structures.enums import DataSource
from maillage.structures.models import Structure
from maillage.structures.services import structure_create, structure_update


def _credit(request: ChangeRequest) -> str:
    """Return the history comment of an accepted request, naming its author only if they agreed."""
    name = request.author.public_name if request.author is not None else ""
    by = f" de {name}" if name else ""
    return f"{request.get_kind_display()} proposée{by} (demande n° {request.pk}), acceptée"


def _locked_pending(request: ChangeRequest, moderator: Any, expected_version: int | None) -> ChangeRequest:
    """Return the request locked for the decision; refuse one already decided or not the moderator's."""
    locked = (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("structure", "author")
        .get(pk=request.pk)
    )
    if not may_decide(moderator, locked):
        raise PermissionDenied("Vous ne pouvez pas décider de cette demande.")
    if not locked.is_pending:
        raise ValidationError("Cette demande a déjà été traitée.")
    check_version(locked, expected_version)
    return locked


def _decided(request: ChangeRequest, *fields: str) -> None:
    """Save the decision's fields of a locked request, one version more."""
    request.version += 1
    request.save(update_fields=[*fields, "version"])


def _make_manager(user: Any, structure: Structure, moderator: Any, reason: str, site_url: str) -> None:
    membership_grant(
        user=user,
        structure=structure,
        role=MemberRole.MANAGER,
        actor=moderator,
        reason=reason,
        site_url=site_url,
    )


@transaction.atomic
def change_request_accept(
    *,
    request: ChangeRequest,
    moderator: Any,
    values: Mapping[str, Any] | None = None,
    site_url: str = "",
    expected_version: int | None = None,
    structure_version: int | None = None,
) -> ChangeRequest:
    """Accept a request, as proposed or with the moderator's corrections, and tell its author.

    `expected_version` is the request's version the moderator saw, `structure_version` the structure's
    one a correction form was filled from: either changed since raises StaleWriteError.
    """
    request = _locked_pending(request, moderator, expected_version)
    now = timezone.now()
    corrected: list[DiffRow] = []
    if request.kind == RequestKind.EDIT:
        assert request.structure is not None  # noqa: S101 (a database constraint guarantees it)
        proposed = {k: v for k, v in request.proposed.items() if k not in DECLARATION_KEYS}
        declared = {k: v for k, v in request.proposed.items() if k in DECLARATION_KEYS}
        wanted = values if values is not None else proposed
        current = profile_values(request.structure)
        applied = changed_values(current, wanted)
        if values is not None:
            corrected = corrections(proposed, wanted, current)
        if applied:
            structure_update(
                structure=request.structure,
                expected_version=structure_version,
                actor=moderator,
                via=Via.MODERATION,
                comment=_credit(request),
                **service_fields(applied),
            )
        if declared:
            declarations_apply(
                structure=request.structure,
                declared=declared,
                actor=moderator,
                via=Via.MODERATION,
                comment=_credit(request),
                site_url=site_url,
            )
        request.applied = {**applied, **declared}
    elif request.kind == RequestKind.CREATE:
        wanted = normalised({**request.proposed, **(values or {})})
        wanted["siret"] = check_new_siret(wanted.get("siret", ""))
        fields = service_fields(wanted)
        request.structure = structure_create(
            source=DataSource.CONTRIBUTION,
            actor=moderator,
            via=Via.MODERATION,
            comment=_credit(request),
            **fields,
        )
        request.applied = wanted
        if values is not None:
            corrected = corrections(request.proposed, wanted)
        if request.author is not None:
            _make_manager(request.author, request.structure, moderator, "création acceptée", site_url)
        _creation_aftermath(request, moderator, site_url)
    else:
        assert request.structure is not None  # noqa: S101
        if request.author is None:
            raise ValidationError("L'auteur de cette revendication a supprimé son compte : refusez-la.")
        _make_manager(request.author, request.structure, moderator, "revendication acceptée", site_url)
    request.status = RequestStatus.ACCEPTED
    request.decided_by = moderator
    request.decided_at = now
    _decided(request, "status", "decided_by", "decided_at", "applied", "structure")
    notify_decision(request, site_url=site_url, corrections=corrected)
    return request


def _creation_aftermath(request: ChangeRequest, moderator: Any, site_url: str) -> None:
    """Remember the look-alikes the author said are other structures; declare the networks named."""
    created = request.structure
    assert created is not None  # noqa: S101 (just created)
    for other in Structure.objects.filter(pk__in=request.distinct_from).exclude(pk=created.pk):
        distinct_pair_record(
            first=other,
            second=created,
            actor=request.author,
            reason=f"Déclarées distinctes par l'auteur de la création n° {request.pk}",
        )
    declared = {k: v for k, v in request.proposed.items() if k in DECLARATION_KEYS}
    if declared:
        # The author declares the memberships: each network still decides (contributions.consent).
        declarations_apply(
            structure=created,
            declared=declared,
            actor=request.author or moderator,
            via=Via.MODERATION,
            comment=_credit(request),
            site_url=site_url,
        )


@transaction.atomic
def change_request_refuse(
    *,
    request: ChangeRequest,
    moderator: Any,
    message: str,
    site_url: str = "",
    expected_version: int | None = None,
) -> ChangeRequest:
    """Refuse a request with a message to its author; the record stays as it was."""
    if not message.strip():
        raise ValidationError({"decision_message": "Expliquez votre refus à l'auteur de la demande."})
    request = _locked_pending(request, moderator, expected_version)
    request.status = RequestStatus.REFUSED
    request.decided_by = moderator
    request.decided_at = timezone.now()
    request.decision_message = message.strip()
    _decided(request, "status", "decided_by", "decided_at", "decision_message")
    notify_decision(request, site_url=site_url)
    return request


@transaction.atomic
def change_request_withdraw(*, request: ChangeRequest, user: Any) -> ChangeRequest:
    """Withdraw one's own pending request."""
    locked = ChangeRequest.objects.select_for_update().get(pk=request.pk)
    if not user.is_authenticated or locked.author_id != user.pk:
        raise PermissionDenied("Seul l'auteur d'une demande peut la retirer.")
    if not locked.is_pending:
        raise ValidationError("Cette demande a déjà été traitée.")
    locked.status = RequestStatus.WITHDRAWN
    locked.decided_at = timezone.now()
    _decided(locked, "status", "decided_at")
    return locked
