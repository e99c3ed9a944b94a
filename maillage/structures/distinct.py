"""Records said not to be the same structure, and the look-alikes a new record is checked against."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from maillage.search.normalize import search_key
from maillage.structures.models import DistinctPair, Structure

MAX_LOOK_ALIKES = 10


def look_alikes(*, name: str, commune_id: str, siret: str = "") -> list[Structure]:
    """Return the published records a new one may repeat: same SIRET, or same folded name or SIREN there."""
    same_place = Q(search_name=search_key(name)) if search_key(name) else Q(pk__in=[])
    if len(siret) == 14:
        same_place |= Q(siren=siret[:9])
    found = Q(commune_id=commune_id) & same_place if commune_id else Q(pk__in=[])
    if siret:
        found |= Q(siret=siret)
    return list(
        Structure.objects.published()
        .filter(found)
        .select_related("commune")
        .order_by("name", "pk")[:MAX_LOOK_ALIKES]
    )


def distinct_pair_record(
    *, first: Structure, second: Structure, actor: Any = None, reason: str = ""
) -> DistinctPair:
    """Remember that two records are different structures; a pair already decided stays as it was."""
    if first.pk == second.pk:
        raise ValueError("Une fiche ne peut pas être distincte d'elle-même.")
    low, high = sorted((first.pk, second.pk))
    existing = DistinctPair.objects.filter(first_id=low, second_id=high).first()
    if existing is not None:
        return existing
    try:
        # A savepoint: two people deciding the same pair at once leave one row, not an error.
        with transaction.atomic():
            return DistinctPair.objects.create(
                first_id=low,
                second_id=high,
                decided_by=actor if _is_person(actor) else None,
                reason=reason[:300],
            )
    except IntegrityError:
        return DistinctPair.objects.get(first_id=low, second_id=high)


def _is_person(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def distinct_keys(structures: QuerySet[Structure]) -> set[tuple[int, int]]:
    """Return the (lower pk, higher pk) of the pairs decided distinct that touch the structures given."""
    ids = structures.values("pk")
    rows = DistinctPair.objects.filter(Q(first__in=ids) | Q(second__in=ids)).values_list(
        "first_id", "second_id"
    )
    return set(rows)


def distinct_decisions(structures: QuerySet[Structure], *, limit: int = 50) -> list[DistinctPair]:
    """Return the latest "not a duplicate" decisions about the structures given, for coordinators to read."""
    ids = structures.values("pk")
    return list(
        DistinctPair.objects.filter(Q(first__in=ids) | Q(second__in=ids)).select_related(
            "first__commune", "second__commune", "decided_by"
        )[:limit]
    )
