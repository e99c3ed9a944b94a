"""Reads of the directory, each stating its joins."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from maillage.structures.enums import DataSource, RelationState
from maillage.structures.models import Discipline, KeyFigure, Relation, Structure


def structure_list() -> QuerySet[Structure]:
    """Return structures with what a list shows: commune, disciplines and activities."""
    return Structure.objects.select_related("commune").prefetch_related(
        Prefetch("disciplines", queryset=Discipline.objects.select_related("parent")), "activities"
    )


def structure_get(slug: str) -> Structure:
    """Return a structure with everything its page shows; raise Structure.DoesNotExist when unknown."""
    return (
        Structure.objects.select_related("commune__departement", "commune__region", "parent")
        .prefetch_related(
            Prefetch("disciplines", queryset=Discipline.objects.select_related("parent")),
            "activities",
            "labels",
            "territories_served",
            "branches",
            Prefetch("key_figures", queryset=KeyFigure.objects.order_by("metric", "-year")),
        )
        .get(slug=slug)
    )


def structure_by_source_id(source: DataSource | str, source_id: str) -> Structure | None:
    """Return the structure an import knows by its natural key, or None."""
    return Structure.objects.filter(source=source, source_id=source_id).first()


def structure_relations(structure: Structure, *, with_declared: bool = False) -> QuerySet[Relation]:
    """Return the confirmed relations of a structure in both directions, with both ends joined.

    With `with_declared`, also the memberships the structure declared that its networks have not
    confirmed yet (its own page says so); a network's page never lists a declaration it did not accept.
    A relation to a withdrawn structure is left out: its name is no longer published.
    """
    shown = Q(state=RelationState.ACCEPTED)
    if with_declared:
        shown |= Q(state=RelationState.DECLARED, source=structure)
    return (
        Relation.objects.filter(
            (Q(source=structure) & ~Q(target__withdrawn_at__isnull=False))
            | (Q(target=structure) & Q(source__withdrawn_at__isnull=True))
        )
        .filter(shown)
        .select_related("source", "target")
        .order_by("kind", "start_date", "id")
    )


def joint_act_participants(relation: Relation) -> QuerySet[Relation]:
    """Return every relation to the same convention or event (same kind, act and date), this one included."""
    return (
        Relation.objects.filter(
            kind=relation.kind,
            joint_act=relation.joint_act,
            start_date=relation.start_date,
            target=None,
            source__withdrawn_at__isnull=True,
        )
        .select_related("source")
        .order_by("source__name")
    )


def structure_members(structure: Structure) -> QuerySet[Structure]:
    """Return the structures that are current members of this one."""
    members = Relation.objects.current().member_of().filter(target=structure).values("source_id")
    return Structure.objects.filter(pk__in=members).select_related("commune")
