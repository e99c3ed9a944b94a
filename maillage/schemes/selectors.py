"""Reads of the catalogue that state their joins."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from maillage.memberships.rules import moderated_structures
from maillage.schemes.enums import ReviewStatus, SchemeStatus
from maillage.schemes.models import Scheme, SchemeReview


def scheme_for_page(uid: Any) -> Scheme | None:
    """Return a scheme with its porteurs, area and disciplines, or None."""
    return (
        Scheme.objects.filter(uid=uid)
        .prefetch_related("porteurs__structure", "area__territory", "disciplines")
        .first()
    )


def may_moderate_some(user: Any) -> bool:
    """Tell whether the user moderates any scheme: staff, or a network or territory coordinator."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser) or moderated_structures(user).exists()


def _in_scope(queryset: Any, user: Any, path: str) -> Any:
    if user.is_staff or user.is_superuser:
        return queryset
    return queryset.filter(**{f"{path}__in": moderated_structures(user)}).distinct()


def schemes_to_moderate(user: Any) -> QuerySet[Scheme]:
    """Return the submitted schemes the user may publish, oldest change first, porteurs joined."""
    submitted = Scheme.objects.filter(status=SchemeStatus.SUBMITTED)
    return (
        _in_scope(submitted, user, "porteurs__structure")
        .prefetch_related("porteurs__structure")
        .order_by("updated_at", "pk")
    )


def reviews_to_moderate(user: Any) -> QuerySet[SchemeReview]:
    """Return the pending imported changes the user may decide, oldest first, with their scheme."""
    pending = SchemeReview.objects.filter(status=ReviewStatus.PENDING)
    return (
        _in_scope(pending, user, "scheme__porteurs__structure")
        .select_related("scheme")
        .order_by("created_at", "pk")
    )
