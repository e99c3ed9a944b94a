"""Writes of contributions: edit or propose, claim, propose a creation, and decide what was proposed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from maillage.concurrency.versions import check_version
from maillage.contributions.declarations import DECLARATION_KEYS, declarations_apply
from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.contributions.models import ChangeRequest
from maillage.contributions.notifications import notify_decision, notify_new_request
from maillage.contributions.permissions import may_decide
from maillage.contributions.proposals import (
    CREATION_FIELDS,
    PROFILE_FIELDS,
    DiffRow,
    changed_values,
    corrections,
    normalised,
    profile_values,
    service_fields,
)
from maillage.history.enums import Via
from maillage.memberships.enums import Action, MemberRole
from maillage.memberships.rules import can, member_role
from maillage.memberships.services import membership_grant
from maillage.structures.distinct import distinct_pair_record, look_alikes
from maillage.structures.enums import DataSource, RelationKind
from maillage.structures.models import Structure
from maillage.structures.services import structure_create, structure_update
from maillage.structures.validators import compact_identifier, validate_siret


@dataclass(frozen=True)
class EditOutcome:
    """What became of an edit: applied at once, sent to moderation, or nothing to change."""

    applied: bool
    changes: dict[str, Any] = field(default_factory=dict)
    request: ChangeRequest | None = None


def _credit(request: ChangeRequest) -> str:
    """Return the history comment of an accepted request, naming its author only if they agreed."""
    name = request.author.public_name if request.author is not None else ""
    by = f" de {name}" if name else ""
    return f"{request.get_kind_display()} proposée{by} (demande n° {request.pk}), acceptée"


@transaction.atomic
def structure_edit(
    *,
    author: Any,
    structure: Structure,
    values: Mapping[str, Any],
    message: str = "",
    logo: File[bytes] | None = None,
    site_url: str = "",
    expected_version: int | None = None,
) -> EditOutcome:
    """Apply an edit at once for those who may edit the structure; otherwise propose the changed fields.

    `expected_version` is the structure's version the form was filled from: a direct edit over a record
    changed since raises StaleWriteError, and nothing is written.
    """
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(unknown))}")
    changes = changed_values(profile_values(structure), values)
    if can(author, Action.EDIT, structure):
        if not changes and logo is None:
            return EditOutcome(applied=False)
        fields = service_fields(changes)
        if logo is not None:
            fields["logo"] = logo
        structure_update(
            structure=structure, expected_version=expected_version, actor=author, via=Via.DIRECT, **fields
        )
        return EditOutcome(applied=True, changes=changes)
    if not can(author, Action.PROPOSE, structure):
        raise PermissionDenied("Connectez-vous pour proposer une modification.")
    if not changes:
        return EditOutcome(applied=False)
    request = ChangeRequest(
        kind=RequestKind.EDIT,
        structure=structure,
        proposed=changes,
        author=author,
        message=message.strip(),
    )
    request.full_clean()
    request.save()
    notify_new_request(request, site_url=site_url)
    return EditOutcome(applied=False, changes=changes, request=request)


@transaction.atomic
def declaration_submit(
    *,
    author: Any,
    structure: Structure,
    declared: Mapping[str, Any],
    message: str = "",
    site_url: str = "",
) -> EditOutcome:
    """Apply a declared relation or figure at once for those who may edit; otherwise propose it."""
    unknown = set(declared) - DECLARATION_KEYS
    if unknown:
        raise TypeError(f"Déclarations inconnues : {', '.join(sorted(unknown))}")
    if can(author, Action.EDIT, structure):
        declarations_apply(
            structure=structure, declared=declared, actor=author, via=Via.DIRECT, site_url=site_url
        )
        return EditOutcome(applied=True, changes=dict(declared))
    if not can(author, Action.PROPOSE, structure):
        raise PermissionDenied("Connectez-vous pour proposer une modification.")
    request = ChangeRequest(
        kind=RequestKind.EDIT,
        structure=structure,
        proposed=dict(declared),
        author=author,
        message=message.strip(),
    )
    request.full_clean()
    request.save()
    notify_new_request(request, site_url=site_url)
    return EditOutcome(applied=False, changes=dict(declared), request=request)


@transaction.atomic
def claim_request_create(
    *, author: Any, structure: Structure, message: str = "", site_url: str = ""
) -> ChangeRequest:
    """Ask to become a manager of a structure; its managers decide, or its coordinators when it has none."""
    if not author.is_authenticated:
        raise PermissionDenied("Connectez-vous pour revendiquer une structure.")
    if member_role(author, structure) == MemberRole.MANAGER:
        raise ValidationError("Vous gérez déjà cette structure.")
    pending = ChangeRequest.objects.filter(
        kind=RequestKind.CLAIM, structure=structure, author=author, status=RequestStatus.PENDING
    )
    if pending.exists():
        raise ValidationError(
            "Vous avez déjà revendiqué cette structure : votre demande attend une décision."
        )
    request = ChangeRequest(
        kind=RequestKind.CLAIM,
        structure=structure,
        author=author,
        role=MemberRole.MANAGER,
        message=message.strip(),
    )
    request.full_clean()
    request.save()
    notify_new_request(request, site_url=site_url)
    return request


def _check_new_siret(siret: str) -> str:
    siret = compact_identifier(siret)
    validate_siret(siret)
    if Structure.objects.filter(siret=siret).exists():
        raise ValidationError({"siret": "Une structure porte déjà ce SIRET : revendiquez-la plutôt."})
    return siret


@transaction.atomic
def creation_request_create(
    *,
    author: Any,
    values: Mapping[str, Any],
    message: str = "",
    site_url: str = "",
    distinct_from: Iterable[int] = (),
    networks: Iterable[Structure] = (),
) -> ChangeRequest:
    """Propose a new structure to the territory coordinators of its commune.

    A record of the same name or SIREN in the same commune refuses the proposal unless the author said it
    is another structure (`distinct_from` holds its pk). `networks` are declared memberships: each network
    decides once the structure exists (ADR 8).
    """
    if not author.is_authenticated:
        raise PermissionDenied("Connectez-vous pour proposer une structure.")
    unknown = set(values) - set(CREATION_FIELDS)
    if unknown:
        raise TypeError(f"Champs inconnus : {', '.join(sorted(unknown))}")
    proposed = normalised(values)
    proposed["siret"] = _check_new_siret(proposed.get("siret", ""))
    if not proposed.get("name") or not proposed.get("commune"):
        raise ValidationError("Une structure proposée a au moins un nom et une commune.")
    mine = ChangeRequest.objects.filter(
        kind=RequestKind.CREATE,
        author=author,
        status=RequestStatus.PENDING,
        proposed__siret=proposed["siret"],
    )
    if mine.exists():
        raise ValidationError("Vous avez déjà proposé cette structure : votre demande attend une décision.")
    said_distinct = set(distinct_from)
    alike = [
        s.pk
        for s in look_alikes(name=proposed["name"], commune_id=proposed["commune"], siret=proposed["siret"])
    ]
    if not set(alike) <= said_distinct:
        raise ValidationError(
            "Une fiche de l'annuaire lui ressemble (même nom ou même SIREN dans la même commune) : "
            "revendiquez-la, ou indiquez que ce n'est pas la même structure.",
            code="look_alike",
        )
    declared = {network.slug: network for network in networks}
    if declared:
        proposed["relations_add"] = [
            {"kind": RelationKind.MEMBER_OF, "target": slug} for slug in sorted(declared)
        ]
    request = ChangeRequest(
        kind=RequestKind.CREATE,
        commune_id=proposed["commune"],
        proposed=proposed,
        author=author,
        message=message.strip(),
        distinct_from=sorted(alike),
    )
    request.full_clean()
    request.save()
    notify_new_request(request, site_url=site_url)
    return request


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
        wanted["siret"] = _check_new_siret(wanted.get("siret", ""))
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
