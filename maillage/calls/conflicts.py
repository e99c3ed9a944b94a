"""Conflicts of interest between a reviewer and an applicant, derived from the cooperation graph.

A reviewer acts through the structures they belong to (`StructureMembership`, any role). Each source of
conflict is a function `fn(reviewer_structure_ids, applicant_structure_id) -> list[str]` giving the
reasons, in French, that name the link; sources are registered by name so that other apps (initiative
fiches' partners) add theirs without this app importing them. A source may also give a batch form,
`batch(structure_ids, applicant_ids) -> {(structure_id, applicant_id): [reasons]}`, which the review
dashboard uses to judge every pair of a call in a few queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from maillage.calls.models import Application, ConflictDeclaration
from maillage.memberships.models import StructureMembership
from maillage.structures.enums import RelationKind, StructureKind
from maillage.structures.models import Relation, Structure

PairSource = Callable[[set[int], int], list[str]]
BatchSource = Callable[[set[int], set[int]], dict[tuple[int, int], list[str]]]


@dataclass(frozen=True)
class ConflictSource:
    name: str
    pair: PairSource
    batch: BatchSource | None = None


SOURCES: dict[str, ConflictSource] = {}


def register_conflict_source(name: str, fn: PairSource, *, batch: BatchSource | None = None) -> None:
    """Add a source of conflicts of interest (the name replaces a source registered before under it)."""
    SOURCES[name] = ConflictSource(name, fn, batch)


def reviewer_structure_ids(user: Any) -> set[int]:
    """Return the structures the person belongs to, through which a conflict can arise."""
    return set(StructureMembership.objects.filter(user=user).values_list("structure_id", flat=True))


def conflicts_for(reviewer_structure_ids: set[int], applicant_structure_id: int) -> list[str]:
    """Return every reason, from every source, why these structures may not judge the applicant."""
    if not reviewer_structure_ids:
        return []
    reasons: list[str] = []
    for source in SOURCES.values():
        reasons.extend(source.pair(set(reviewer_structure_ids), applicant_structure_id))
    return reasons


def reviewer_conflicts(user: Any, application: Application) -> list[str]:
    """Return the graph's conflicts and the one the reviewer declared on this application."""
    reasons = conflicts_for(reviewer_structure_ids(user), application.structure_id)
    declared = ConflictDeclaration.objects.filter(application=application, reviewer=user).first()
    if declared is not None:
        reasons.append(f"Conflit d'intérêts déclaré : {declared.reason}")
    return reasons


def conflict_matrix(
    reviewers: dict[int, set[int]], applicants: Iterable[int]
) -> dict[tuple[int, int], list[str]]:
    """Return {(reviewer id, applicant structure id): reasons} for the pairs in conflict, in few queries."""
    applicant_ids = set(applicants)
    structure_ids = set().union(*reviewers.values()) if reviewers else set()
    if not structure_ids or not applicant_ids:
        return {}
    by_structure: dict[tuple[int, int], list[str]] = defaultdict(list)
    for source in SOURCES.values():
        if source.batch is not None:
            for pair, reasons in source.batch(structure_ids, applicant_ids).items():
                by_structure[pair].extend(reasons)
        else:
            for structure_id in structure_ids:
                for applicant_id in applicant_ids:
                    found = source.pair({structure_id}, applicant_id)
                    if found:
                        by_structure[(structure_id, applicant_id)].extend(found)
    matrix: dict[tuple[int, int], list[str]] = {}
    for reviewer_id, mine in reviewers.items():
        for (structure_id, applicant_id), reasons in by_structure.items():
            if structure_id in mine:
                matrix.setdefault((reviewer_id, applicant_id), []).extend(reasons)
    return matrix


def _names(ids: set[int]) -> dict[int, str]:
    return dict(Structure.objects.filter(pk__in=ids).values_list("pk", "name"))


def same_structure_batch(
    structure_ids: set[int], applicant_ids: set[int]
) -> dict[tuple[int, int], list[str]]:
    both = structure_ids & applicant_ids
    names = _names(both)
    return {(pk, pk): [f"Vous appartenez à la structure candidate « {names.get(pk, pk)} »."] for pk in both}


def relation_batch(structure_ids: set[int], applicant_ids: set[int]) -> dict[tuple[int, int], list[str]]:
    """Find current relations, either way, between the reviewers' structures and the applicants."""
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    relations = (
        Relation.objects.current()
        .filter(
            Q(source_id__in=structure_ids, target_id__in=applicant_ids)
            | Q(source_id__in=applicant_ids, target_id__in=structure_ids)
        )
        .values_list("source_id", "kind", "target_id", "source__name", "target__name")
    )
    labels = dict(RelationKind.choices)
    for source_id, kind, target_id, source_name, target_name in relations:
        reason = (
            f"Relation en cours dans l'annuaire : « {source_name} » — {labels.get(kind, kind).lower()} — "
            f"« {target_name} »."
        )
        if source_id in structure_ids and target_id in applicant_ids:
            found[(source_id, target_id)].append(reason)
        if target_id in structure_ids and source_id in applicant_ids:
            found[(target_id, source_id)].append(reason)
    return found


COLLECTIVE_KINDS = {StructureKind.NETWORK: "réseau", StructureKind.PTCE_CLUSTER: "PTCE"}


def shared_collective_batch(
    structure_ids: set[int], applicant_ids: set[int]
) -> dict[tuple[int, int], list[str]]:
    """Find networks and PTCE both sides currently belong to."""
    rows = (
        Relation.objects.current()
        .member_of()
        .filter(source_id__in=structure_ids | applicant_ids, target__kind__in=list(COLLECTIVE_KINDS))
        .values_list("source_id", "target_id", "target__name", "target__kind")
    )
    members: dict[int, set[int]] = defaultdict(set)
    collective: dict[int, tuple[str, str]] = {}
    for source_id, target_id, name, kind in rows:
        members[target_id].add(source_id)
        collective[target_id] = (name, COLLECTIVE_KINDS[StructureKind(kind)])
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    for target_id, ids in members.items():
        name, word = collective[target_id]
        for structure_id in ids & structure_ids:
            for applicant_id in ids & applicant_ids:
                if structure_id != applicant_id:
                    found[(structure_id, applicant_id)].append(
                        f"Membres du même {word} « {name} » (adhésion en cours)."
                    )
    return found


def source_from_batch(batch: BatchSource) -> PairSource:
    """Return the pair form of a batch source (one applicant at a time)."""

    def pair(reviewer_structure_ids: set[int], applicant_structure_id: int) -> list[str]:
        found = batch(reviewer_structure_ids, {applicant_structure_id})
        return [reason for reasons in found.values() for reason in reasons]

    return pair


def register_graph_sources() -> None:
    """Register the directory's own sources: same structure, current relation, shared network or PTCE."""
    for name, batch in (
        ("same_structure", same_structure_batch),
        ("current_relation", relation_batch),
        ("shared_network", shared_collective_batch),
    ):
        register_conflict_source(name, source_from_batch(batch), batch=batch)
