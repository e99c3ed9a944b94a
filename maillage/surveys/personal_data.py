"""What the surveys hold about a person: the responses they entered and the free texts they wrote."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from maillage.surveys.models import Response


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _written_by(user: Any) -> list[Response]:
    """Return the responses the user last entered or holding a free text the user wrote."""
    # Authors sit in a JSON object, which SQLite cannot filter on portably: the responses with free texts
    # are few (a handful of campaigns a year), and an account is deleted rarely.
    candidates = Response.objects.select_related("campaign", "structure").order_by("pk")
    return [
        r
        for r in candidates.filter(Q(answered_by=user) | ~Q(free_text_authors={}))
        if r.answered_by_id == user.pk or user.pk in r.free_text_authors.values()
    ]


def export_responses(user: Any) -> list[dict[str, Any]]:
    """Return the responses the user entered: campaign, structure, dates, and the free texts they wrote."""
    return [
        {
            "campaign": r.campaign.title,
            "campaign_id": r.campaign_id,
            "structure": r.structure.name,
            "structure_id": r.structure.slug,
            "entered_by_you": r.answered_by_id == user.pk,
            "created_at": _iso(r.created_at),
            "updated_at": _iso(r.updated_at),
            "free_text": {
                key: r.free_text.get(key, "")
                for key, author in r.free_text_authors.items()
                if author == user.pk
            },
        }
        for r in _written_by(user)
    ]


@transaction.atomic
def erase_responses(user: Any) -> None:
    """Detach the user from the responses they entered and blank the free texts they wrote."""
    for response in _written_by(user):
        mine = [key for key, author in response.free_text_authors.items() if author == user.pk]
        for key in mine:
            response.free_text.pop(key, None)
            response.free_text_authors.pop(key, None)
        if response.answered_by_id == user.pk:
            response.answered_by = None
        # The closed answers stay: they belong to the structure, not to the person who ticked them.
        response.save(update_fields=["free_text", "free_text_authors", "answered_by", "updated_at"])
