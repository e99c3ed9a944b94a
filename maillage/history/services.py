"""Writes of the history: one revision per change that changed something, and confirmations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from maillage.history.enums import RecordType, RevisionAction, Via
from maillage.history.models import Revision
from maillage.memberships.enums import Action, MemberRole
from maillage.memberships.models import NetworkCoordinator, TerritoryCoordinator
from maillage.memberships.rules import can, member_role
from maillage.structures.models import KeyFigure, Relation, Structure
from maillage.structures.snapshots import (
    differences,
    json_value,
    key_figure_snapshot,
    relation_snapshot,
    structure_snapshot,
)
from maillage.territories.models import TerritoryCommune

MEMBER_ROLE_LABELS = {MemberRole.MANAGER: "gestionnaire", MemberRole.MEMBER: "membre"}


def author_role(actor: Any, structure: Structure | None, via: str = "") -> str:
    """Name what the author acted as, kept when the account goes: "membre", "coordination réseau"…"""
    if actor is None:
        return {Via.IMPORT: "import", Via.API: "API", Via.ADMIN: "administration"}.get(Via(via), "système")
    role = _person_role(actor, structure)
    return f"{role} (API)" if via == Via.API else role


def _person_role(actor: Any, structure: Structure | None) -> str:
    if actor.is_superuser:
        return "administration"
    if structure is None or structure.pk is None:
        return "contribution"
    if (role := member_role(actor, structure)) is not None:
        return MEMBER_ROLE_LABELS[role]
    networks = Relation.objects.current().member_of().filter(source=structure).values("target_id")
    coordinated = NetworkCoordinator.objects.filter(user=actor)
    if coordinated.filter(network=structure).exists() or coordinated.filter(network_id__in=networks).exists():
        return "coordination réseau"
    territories = TerritoryCommune.objects.filter(commune_id=structure.commune_id).values("territory_id")
    if TerritoryCoordinator.objects.filter(user=actor, territory_id__in=territories).exists():
        return "coordination territoriale"
    return "contribution"


def _resolved_via(actor: Any, via: str) -> Via:
    if via:
        return Via(via)
    return Via.DIRECT if actor is not None else Via.IMPORT


def revision_record(
    *,
    structure: Structure | None,
    action: RevisionAction | str,
    changes: dict[str, Any],
    object_repr: str = "",
    record_type: RecordType | str = RecordType.STRUCTURE,
    record_id: str | int = "",
    actor: Any = None,
    via: str = "",
    comment: str = "",
    reverts: Revision | None = None,
    record_version: int | None = None,
) -> Revision:
    """Record who changed what on which record, with the values before and after."""
    resolved = _resolved_via(actor, via)
    if reverts is not None:
        action = RevisionAction.REVERT
    revision = Revision(
        structure=structure,
        record_type=record_type,
        record_id=str(record_id or (structure.pk if structure is not None else "")),
        object_repr=(object_repr or str(structure or ""))[:300],
        action=action,
        changes=changes,
        author=actor,
        author_role=author_role(actor, structure, resolved),
        via=resolved,
        comment=comment.strip(),
        reverts=reverts,
        record_version=record_version,
    )
    revision.full_clean()
    revision.save()
    return revision


def revision_record_structure(
    *,
    structure: Structure,
    before: dict[str, Any] | None,
    after_lists: dict[str, list[Any]],
    actor: Any = None,
    via: str = "",
    comment: str = "",
    reverts: Revision | None = None,
) -> Revision | None:
    """Record a structure's creation, or its update if a field or a list given actually changed."""
    changes = differences(Structure, before, {**structure_snapshot(structure), **after_lists})
    if before is not None and not changes:
        return None
    return revision_record(
        structure=structure,
        action=RevisionAction.CREATE if before is None else RevisionAction.UPDATE,
        changes=changes,
        actor=actor,
        via=via,
        comment=comment,
        reverts=reverts,
        record_version=structure.version,
    )


def revision_record_structure_erased(
    *, structure: Structure, before: dict[str, Any], actor: Any = None, via: str = "", comment: str = ""
) -> Revision:
    """Record a structure about to be erased: its history keeps what it said, and who erased it why."""
    return revision_record(
        structure=structure,
        action=RevisionAction.DELETE,
        changes=differences(Structure, before, None),
        actor=actor,
        via=via,
        comment=comment,
    )


def revision_record_relation(
    *,
    relation: Relation,
    before: dict[str, Any] | None,
    deleted: bool = False,
    **trace: Any,
) -> Revision | None:
    """Record a relation created, changed or about to be deleted, in the history of its source."""
    return _record_part(
        model=Relation,
        structure=relation.source,
        before=before,
        after=None if deleted else relation_snapshot(relation),
        object_repr=str(relation),
        record_type=RecordType.RELATION,
        record_id=str(relation.pk),
        record_version=relation.version,
        **trace,
    )


def revision_record_key_figure(
    *,
    figure: KeyFigure,
    before: dict[str, Any] | None,
    deleted: bool = False,
    **trace: Any,
) -> Revision | None:
    """Record a key figure set, changed or about to be deleted, in the history of its structure."""
    return _record_part(
        model=KeyFigure,
        structure=figure.structure,
        before=before,
        after=None if deleted else key_figure_snapshot(figure),
        object_repr=f"{figure.get_metric_display()} {figure.year} ({figure.source_label or 'sans source'})",
        record_type=RecordType.KEY_FIGURE,
        record_id=str(figure.pk),
        record_version=figure.version,
        **trace,
    )


def _record_part(
    *,
    model: type[Relation] | type[KeyFigure],
    structure: Structure,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    actor: Any = None,
    via: str = "",
    comment: str = "",
    reverts: Revision | None = None,
    **record: Any,
) -> Revision | None:
    """Record a change to a record shown in a structure's history (after=None: it is being deleted)."""
    changes = differences(model, before, after)
    if not changes:
        return None
    action = (
        RevisionAction.DELETE if after is None else RevisionAction.UPDATE if before else RevisionAction.CREATE
    )
    return revision_record(
        structure=structure,
        action=action,
        changes=changes,
        actor=actor,
        via=via,
        comment=comment,
        reverts=reverts,
        **record,
    )


@transaction.atomic
def structure_confirm(*, structure: Structure, actor: Any, comment: str = "") -> Revision:
    """Say a structure's record is still true today: its members and moderators may."""
    if not can(actor, Action.EDIT, structure):
        raise PermissionDenied(
            "Seuls les membres de la structure et ses coordinateurs peuvent confirmer sa fiche."
        )
    previous = structure.confirmed_at
    structure.confirmed_at = timezone.now()
    structure.save(update_fields=["confirmed_at", "updated_at"])
    return revision_record(
        structure=structure,
        action=RevisionAction.CONFIRM,
        changes={"confirmed_at": {"old": json_value(previous), "new": json_value(structure.confirmed_at)}},
        actor=actor,
        comment=comment,
    )
