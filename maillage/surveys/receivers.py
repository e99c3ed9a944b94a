"""Keep survey answers when two structures are merged (a participant of history.merge)."""

from typing import Any

from maillage.structures.models import Structure
from maillage.surveys.models import Response


def move_responses_to_kept_structure(*, keep: Structure, duplicate: Structure, **kwargs: Any) -> None:
    """Give the duplicate's answers to the kept structure, unless it answered the same campaign itself."""
    answered_by_keep = Response.objects.filter(structure=keep).values("campaign_id")
    Response.objects.filter(structure=duplicate).exclude(campaign_id__in=answered_by_keep).update(
        structure=keep
    )
