"""What every page's frame shows: the moderation link and its count, for those who moderate."""

import functools
from typing import Any

from django.http import HttpRequest

from maillage.contributions.permissions import decidable_requests
from maillage.contributions.reviewers import is_moderator


def moderation(request: HttpRequest) -> dict[str, Any]:
    """Give the header a callable counting the requests waiting for the user, None if they never moderate."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @functools.cache
    def pending() -> int | None:
        # Called by the template only when the header is drawn: one query for people who never moderate.
        return decidable_requests(user).count() if is_moderator(user) else None

    return {"moderation_pending": pending}
