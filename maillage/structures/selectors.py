"""Reads of the directory, each stating its joins."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from maillage.structures.enums import DataSource, RelationKind
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


def structure_relations(structure: Structure) -> QuerySet[Relation]:
    """Return the relations of a structure in both directions, with both ends joined."""
    return (
        Relation.objects.filter(Q(source=structure) | Q(target=structure))
        .select_related("source", "target")
        .order_by("kind", "start_date", "id")
    )


def joint_act_participants(relation: Relation) -> QuerySet[Relation]:
    """Return every relation to the same convention or event (same kind, act and date), this one included."""
    return (
        Relation.objects.filter(
            kind=relation.kind, joint_act=relation.joint_act, start_date=relation.start_date, target=None
        )
        .select_related("source")
        .order_by("source__name")
    )


def structure_members(structure: Structure) -> QuerySet[Structure]:
    """Return the structures that are members of this one."""
    return Structure.objects.filter(
        relations_out__kind=RelationKind.MEMBER_OF, relations_out__target=structure
    ).select_related("commune")
