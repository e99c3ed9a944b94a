"""A coordinator's desk in "Mon espace": what waits for them, counted in a few queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from maillage.contributions.source_changes import source_changes_to_review
from maillage.history.selectors import stale_structures
from maillage.structures.enums import RelationKind, RelationState
from maillage.structures.models import Relation


@dataclass(frozen=True)
class Desk:
    """Counts of what waits for a coordinator, beside the requests the header already counts."""

    stale: int
    stale_days: int
    declared_memberships: int
    source_changes: int


def coordination_desk(user: Any) -> Desk:
    """Return what waits for the user as a coordinator or administrator (ask only those who are)."""
    days = settings.STRUCTURE_CONFIRMATION_REMINDER_DAYS
    declared = Relation.objects.filter(kind=RelationKind.MEMBER_OF, state=RelationState.DECLARED)
    if not user.is_superuser:
        declared = declared.filter(target__coordinators__user=user)
    return Desk(
        stale=stale_structures(user, days).count(),
        stale_days=days,
        declared_memberships=declared.count(),
        source_changes=source_changes_to_review(user).count(),
    )
