"""Reads of the conventions: a convention with its signatories, axes, actions and indicators."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from maillage.conventions.models import Action, Convention, Signatory


def conventions() -> QuerySet[Convention]:
    return Convention.objects.filter(withdrawn_at__isnull=True).prefetch_related(
        Prefetch("signatory_links", queryset=Signatory.objects.select_related("structure"))
    )


def convention_for_page(slug: str) -> Convention | None:
    return (
        conventions()
        .filter(slug=slug)
        .prefetch_related(
            Prefetch("axes__actions", queryset=Action.objects.prefetch_related("owners", "events")),
            "indicators__territory",
            "indicators__network",
            "indicators__axis",
        )
        .first()
    )
