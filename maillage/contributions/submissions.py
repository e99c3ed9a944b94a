"""Contributions from people: edit or propose, declare, claim, and propose a creation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction

from maillage.contributions.declarations import DECLARATION_KEYS, declarations_apply
from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.contributions.models import ChangeRequest
from maillage.contributions.notifications import notify_new_request
from maillage.contributions.proposals import (
    CREATION_FIELDS,
    PROFILE_FIELDS,
    changed_values,
    normalised,
    profile_values,
    service_fields,
)
from maillage.history.enums import Via
from maillage.memberships.enums import Action, MemberRole
from maillage.memberships.rules import can, member_role
from maillage.structures.distinct import look_alikes
from maillage.structures.enums import RelationKind
from maillage.structures.models import Structure
from maillage.structures.services import structure_update
from maillage.structures.validators import compact_identifier, validate_siret


@dataclass(frozen=True)
class EditOutcome:
    """What became of an edit: applied at once, sent to moderation, or nothing to change."""

    applied: bool
    changes: dict[str, Any] = field(default_factory=dict)
    request: ChangeRequest | None = None


def _submitted(request: ChangeRequest, site_url: str) -> ChangeRequest:
    """Validate and save a new request, then tell those who decide it."""
    request.full_clean()
    request.save()
    notify_new_request(request, site_url=site_url)
    return request


def _edit_proposed(
    *, author: Any, structure: Structure, proposed: dict[str, Any], message: str, site_url: str
) -> EditOutcome:
    """Propose changes of a structure to those who decide, as `author`."""
    request = _submitted(
        ChangeRequest(
            kind=RequestKind.EDIT,
            structure=structure,
            proposed=proposed,
            author=author,
            message=message.strip(),
        ),
        site_url,
    )
    return EditOutcome(applied=False, changes=proposed, request=request)


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
    return _edit_proposed(
        author=author, structure=structure, proposed=changes, message=message, site_url=site_url
    )


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
    return _edit_proposed(
        author=author, structure=structure, proposed=dict(declared), message=message, site_url=site_url
    )


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
    return _submitted(
        ChangeRequest(
            kind=RequestKind.CLAIM,
            structure=structure,
            author=author,
            role=MemberRole.MANAGER,
            message=message.strip(),
        ),
        site_url,
    )


def check_new_siret(siret: str) -> str:
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
    proposed["siret"] = check_new_siret(proposed.get("siret", ""))
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
    return _submitted(
        ChangeRequest(
            kind=RequestKind.CREATE,
            commune_id=proposed["commune"],
            proposed=proposed,
            author=author,
            message=message.strip(),
            distinct_from=sorted(alike),
        ),
        site_url,
    )
