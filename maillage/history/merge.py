"""Merge a duplicate structure into the one kept: relations, figures, members, history and address follow.

Merging lives in history, above structures and memberships, because it moves their records and leaves a
trace. Apps above it whose records point to structures (contribution requests, survey responses…)
register a participant from their AppConfig.ready(); each is called inside the merge's transaction,
once everything below has moved and before the duplicate is deleted:

    from maillage.history.merge import register_merge_participant

    def move_requests(*, keep, duplicate, actor):
        ContributionRequest.objects.filter(structure=duplicate).update(structure=keep)

    register_merge_participant("contributions.move_requests", move_requests)

A participant that raises cancels the whole merge. Records still pointing to the duplicate afterwards are
deleted with it (CASCADE) or make the merge fail (PROTECT): point them to `keep` in the participant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q

from maillage.concurrency.versions import StaleWriteError, check_version
from maillage.history.enums import RevisionAction, Via
from maillage.history.models import MergedStructure, Revision
from maillage.history.services import revision_record
from maillage.memberships.enums import Action, MemberRole
from maillage.memberships.models import NetworkCoordinator, StructureMembership, TerritoryCoordinator
from maillage.memberships.rules import can
from maillage.structures.enums import SYMMETRIC_KINDS, EssFamily, HeadcountBand
from maillage.structures.models import KeyFigure, Relation, Structure
from maillage.structures.services import structure_update
from maillage.structures.snapshots import STRUCTURE_LISTS, structure_snapshot

MergeParticipant = Callable[..., None]  # called with keep=, duplicate=, actor=
_participants: dict[str, MergeParticipant] = {}


def register_merge_participant(name: str, participant: MergeParticipant) -> None:
    """Have `participant` move its app's records from the duplicate to the kept structure in every merge."""
    _participants[name] = participant


def unregister_merge_participant(name: str) -> None:
    """Stop calling the participant registered under `name`."""
    _participants.pop(name, None)


# Fields of the kept structure filled from the duplicate when empty, grouped when they go together.
FILLED_TOGETHER: tuple[tuple[str, ...], ...] = (
    ("acronym",),
    ("description",),
    ("siret", "siren"),
    ("legal_category_code", "legal_category_label"),
    ("naf_code", "naf_label"),
    ("street",),
    ("postal_code",),
    ("commune_id",),
    ("latitude", "longitude"),
    ("website",),
    ("email",),
    ("phone",),
    ("founded_on", "founded_on_precision"),
    ("headcount_band", "headcount_year"),
    ("logo",),
    ("source_label", "source_url", "source_date"),
    ("is_ess",),
)
UNKNOWN_MARKERS = {"ess_family": EssFamily.UNKNOWN, "headcount_band": HeadcountBand.UNKNOWN}


def _is_empty(structure: Structure, name: str) -> bool:
    value = getattr(structure, name)
    return value in (None, "") or (not value and name == "logo") or value == UNKNOWN_MARKERS.get(name)


@transaction.atomic
def structure_merge(
    *,
    keep: Structure,
    duplicate: Structure,
    actor: Any,
    keep_version: int | None = None,
    duplicate_version: int | None = None,
) -> Structure:
    """Fold `duplicate` into `keep` and delete it; its address then redirects to `keep`.

    Both rows are locked first; versions given (those the person compared) must still be current.
    """
    if keep.pk == duplicate.pk:
        raise ValidationError("Une structure ne peut pas être fusionnée avec elle-même.")
    if not (can(actor, Action.MERGE, keep) and can(actor, Action.MERGE, duplicate)):
        raise PermissionDenied("Il faut coordonner les deux structures pour les fusionner.")
    # Locked in the order of their ids, so that two merges of the same pair cannot deadlock; no join.
    locked = {s.pk: s for s in Structure.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])}
    locked = {pk: locked[pk] for pk in sorted(locked)}
    if len(locked) != 2:
        raise StaleWriteError(current=None, expected_version=None)
    keep, duplicate = locked[keep.pk], locked[duplicate.pk]
    check_version(keep, keep_version)
    check_version(duplicate, duplicate_version)
    snapshot = {
        "id": duplicate.pk,
        "slug": duplicate.slug,
        "commune": str(duplicate.commune.name) if duplicate.commune else "",
        **structure_snapshot(duplicate, lists=STRUCTURE_LISTS),
    }
    moved = {
        "relations": _move_relations(keep, duplicate),
        "chiffres": _move_key_figures(keep, duplicate),
        "membres": _move_members(keep, duplicate),
    }
    Structure.objects.filter(parent=duplicate).exclude(pk=keep.pk).update(parent=keep)
    _fill_from(keep, duplicate, actor)
    Revision.objects.filter(structure=duplicate).update(structure=keep)
    MergedStructure.objects.filter(into=duplicate).update(into=keep)
    MergedStructure.objects.update_or_create(
        old_slug=duplicate.slug,
        defaults={"old_siret": snapshot["siret"], "old_name": duplicate.name, "into": keep, "author": actor},
    )
    for participant in list(_participants.values()):
        participant(keep=keep, duplicate=duplicate, actor=actor)
    revision_record(
        structure=keep,
        action=RevisionAction.MERGE,
        changes={"fiche_fusionnee": {"old": snapshot, "new": None}},
        actor=actor,
        via=Via.MERGE,
        comment=(
            f"Fusion de « {duplicate.name} » dans cette fiche : {moved['relations']} relation(s), "
            f"{moved['chiffres']} chiffre(s) clé(s) et {moved['membres']} membre(s) repris."
        ),
    )
    duplicate.delete()
    return keep


def _relation_key(source_id: int, kind: str, target_id: int | None, relation: Relation) -> tuple[Any, ...]:
    if kind in SYMMETRIC_KINDS and target_id is not None:
        source_id, target_id = min(source_id, target_id), max(source_id, target_id)
    return (source_id, kind, target_id, relation.joint_act, relation.start_date)


def _move_relations(keep: Structure, duplicate: Structure) -> int:
    """Point the duplicate's relations to `keep`, dropping those that would repeat one or loop on it."""
    existing = {
        _relation_key(r.source_id, r.kind, r.target_id, r)
        for r in Relation.objects.filter(Q(source=keep) | Q(target=keep))
    }
    moved = 0
    for relation in Relation.objects.filter(Q(source=duplicate) | Q(target=duplicate)):
        source_id = keep.pk if relation.source_id == duplicate.pk else relation.source_id
        target_id = keep.pk if relation.target_id == duplicate.pk else relation.target_id
        key = _relation_key(source_id, relation.kind, target_id, relation)
        if source_id == target_id or key in existing:
            relation.delete()
            continue
        existing.add(key)
        Relation.objects.filter(pk=relation.pk).update(
            source_id=source_id, target_id=target_id, version=F("version") + 1
        )
        moved += 1
    return moved


def _move_key_figures(keep: Structure, duplicate: Structure) -> int:
    """Move the duplicate's figures; one a source states the same way on both records is kept once."""
    kept = {(f.year, f.metric, f.source_label): f for f in KeyFigure.objects.filter(structure=keep)}
    moved = 0
    for figure in KeyFigure.objects.filter(structure=duplicate):
        same = kept.get((figure.year, figure.metric, figure.source_label))
        if same is not None and same.value == figure.value:
            figure.delete()
            continue
        if same is not None:
            # The same source read twice differently: keep both, telling them apart by their record.
            figure.source_label = f"{figure.source_label} (fiche fusionnée « {duplicate.name} »)"[:300]
        figure.structure = keep
        figure.version += 1
        figure.save(update_fields=["structure", "source_label", "updated_at", "version"])
        moved += 1
    return moved


def _move_members(keep: Structure, duplicate: Structure) -> int:
    """Move members and coordinators; a person on both records keeps the higher role."""
    roles = dict(StructureMembership.objects.filter(structure=keep).values_list("user_id", "role"))
    moved = 0
    for membership in StructureMembership.objects.filter(structure=duplicate):
        if membership.user_id in roles:
            if membership.role == MemberRole.MANAGER and roles[membership.user_id] != MemberRole.MANAGER:
                StructureMembership.objects.filter(structure=keep, user_id=membership.user_id).update(
                    role=MemberRole.MANAGER
                )
            membership.delete()
            continue
        membership.structure = keep
        membership.save(update_fields=["structure"])
        moved += 1
    coordinators = set(NetworkCoordinator.objects.filter(network=keep).values_list("user_id", flat=True))
    NetworkCoordinator.objects.filter(network=duplicate, user_id__in=coordinators).delete()
    NetworkCoordinator.objects.filter(network=duplicate).update(network=keep)
    TerritoryCoordinator.objects.filter(organisation=duplicate).update(organisation=keep)
    return moved


def _fill_from(keep: Structure, duplicate: Structure, actor: Any) -> None:
    """Fill the kept structure's empty fields and join both lists, as one revision of the merge."""
    fields: dict[str, Any] = {}
    for group in FILLED_TOGETHER:
        if all(_is_empty(keep, name) for name in group) and not _is_empty(duplicate, group[0]):
            fields.update({name: getattr(duplicate, name) for name in group})
    if keep.ess_family == EssFamily.UNKNOWN and duplicate.ess_family != EssFamily.UNKNOWN:
        fields["ess_family"] = duplicate.ess_family
    if keep.parent_id is None and duplicate.parent_id not in (None, keep.pk):
        fields["parent_id"] = duplicate.parent_id
    elif keep.parent_id == duplicate.pk:
        fields["parent_id"] = duplicate.parent_id if duplicate.parent_id != keep.pk else None
    if duplicate.name != keep.name and duplicate.name not in keep.other_names.splitlines():
        fields["other_names"] = "\n".join(n for n in (keep.other_names.strip(), duplicate.name) if n)
    # Imports find a record by its key in their source: the kept one answers for the duplicate's.
    if not keep.source_id and duplicate.source_id:
        fields.update(source=duplicate.source, source_id=duplicate.source_id)
    # Unique identifiers leave the duplicate first, so the kept record may take them.
    Structure.objects.filter(pk=duplicate.pk).update(siret="", source_id="")
    structure_update(
        structure=keep,
        expected_version=keep.version,
        actor=actor,
        via=Via.MERGE,
        comment=f"Complétée par la fusion avec « {duplicate.name} ».",
        disciplines=_union(keep.disciplines.all(), duplicate.disciplines.all()),
        labels=_union(keep.labels.all(), duplicate.labels.all()),
        territories_served=_union(keep.territories_served.all(), duplicate.territories_served.all()),
        activities=_union(
            keep.activities.values_list("activity", flat=True),
            duplicate.activities.values_list("activity", flat=True),
        ),
        **fields,
    )


def _union(first: Iterable[Any], second: Iterable[Any]) -> list[Any]:
    return list(dict.fromkeys([*first, *second]))
