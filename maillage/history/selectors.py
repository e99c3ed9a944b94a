"""Reads of the history and of freshness, each stating its joins."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from maillage.history.models import MergedStructure, Revision
from maillage.memberships.rules import moderated_structures
from maillage.structures.models import Structure


def revision_list(structure: Structure) -> QuerySet[Revision]:
    """Return a structure's revisions, newest first, with their author and the revision each undoes."""
    return (
        Revision.objects.filter(structure=structure)
        .select_related("author", "reverts")
        .order_by("-created_at", "-id")
    )


def merged_into(slug: str) -> Structure | None:
    """Return the structure a merged one now lives in, or None."""
    merge = MergedStructure.objects.filter(old_slug=slug).select_related("into").first()
    return merge.into if merge is not None else None


def perimeter(user: Any) -> QuerySet[Structure]:
    """Return the structures a person coordinates: every one for an administrator."""
    if user.is_superuser:
        return Structure.objects.all()
    return moderated_structures(user)


def stale_since(days: int, *, now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=days)


def stale_condition(days: int, *, now: datetime.datetime | None = None) -> Q:
    """Return the condition of a record nobody confirmed within `days` days (or ever)."""
    return Q(confirmed_at__isnull=True) | Q(confirmed_at__lt=stale_since(days, now=now))


def stale_structures(user: Any, days: int) -> QuerySet[Structure]:
    """Return the active structures of the person's perimeter not confirmed for `days` days, oldest first."""
    return (
        perimeter(user)
        .filter(stale_condition(days), is_active=True)
        .select_related("commune")
        .order_by(F("confirmed_at").asc(nulls_first=True), "name", "pk")
    )


def structure_by_slug(slug: str) -> Structure | None:
    """Return the structure with this slug (its commune joined), or None."""
    return Structure.objects.select_related("commune").filter(slug=slug).first()


def revision_of(structure: Structure, pk: int) -> Revision | None:
    """Return one of the structure's revisions, with the revision it undoes, or None."""
    return Revision.objects.select_related("reverts", "structure").filter(structure=structure, pk=pk).first()


def coordinates_anything(user: Any) -> bool:
    """Tell whether the person coordinates a network or a territory, or administers the directory."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.network_roles.exists() or user.territory_roles.exists())


def structures_to_compare(first_pk: int, second_pk: int) -> list[Structure]:
    """Return two structures with what a side-by-side comparison shows, in the order asked."""
    found = (
        Structure.objects.filter(pk__in=[first_pk, second_pk])
        .select_related("commune", "parent")
        .annotate(
            relation_count=Count("relations_out", distinct=True) + Count("relations_in", distinct=True),
            figure_count=Count("key_figures", distinct=True),
            member_count=Count("memberships", distinct=True),
        )
        .in_bulk()
    )
    return [found[pk] for pk in (first_pk, second_pk) if pk in found]
