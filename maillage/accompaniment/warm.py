"""The sector's figures kept warm: a generation each case write moves on, a task that refills the cache.

Readers take the figures of the current generation from the cache; a write moves the generation on
after commit (so no reader ever gets figures older than a write) and queues the scopes it touched —
France, the case's région and its body — in `PendingFigures`. The first write of a burst queues one
task that computes those scopes' figures into the cache: the next readers find them warm. A reader
who comes before the task is done computes them as before.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from maillage.accompaniment.figures import Figures, figures
from maillage.accompaniment.models import Body, PendingFigures
from maillage.territories.models import Territory

GENERATION_KEY = "accompaniment:figures-generation"
# The generation makes figures stale, not time: kept a day so a quiet week is still served warm.
CACHE_SECONDS = 24 * 3600
# A scope waiting longer than this had its task fail or miss it: the next write queues one again.
STALE_AFTER = datetime.timedelta(minutes=1)
FRANCE = "france"


def generation() -> int:
    """Return the figures' current generation."""
    return int(cache.get_or_set(GENERATION_KEY, 0, None) or 0)


def cache_key(generation: int, body_id: int | None, region_id: str | None) -> str:
    return f"accompaniment:figures:{generation}:{body_id or ''}:{region_id or ''}"


def scopes_of(*, body_id: int | None, region_id: str | None) -> list[str]:
    """Return the published scopes a case of this body and région counts in."""
    scopes = [FRANCE]
    if body_id is not None:
        scopes.append(f"body:{body_id}")
    if region_id:
        scopes.append(f"region:{region_id}")
    return scopes


def queue_scopes(scopes: Iterable[str]) -> bool:
    """Note scopes to compute again; return True when a task should be queued for them.

    True when none was waiting (the first write of a burst), or when the oldest has waited a minute
    (its task failed or ended before this write).
    """
    with transaction.atomic():
        oldest = PendingFigures.objects.order_by("since").values_list("since", flat=True).first()
        PendingFigures.objects.bulk_create([PendingFigures(scope=s) for s in scopes], ignore_conflicts=True)
    return oldest is None or oldest < timezone.now() - STALE_AFTER


def figures_changed(*, body_id: int | None = None, region_id: str | None = None) -> None:
    """Make every cached figure stale and queue the touched scopes' recompute; called after commit."""
    # The generation moves before the scopes are queued: a task that takes them reads a generation at
    # least as new as this write's.
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)
    if queue_scopes(scopes_of(body_id=body_id, region_id=region_id)):
        from maillage.accompaniment.tasks import figures_warm_task  # noqa: PLC0415 (the task module imports this one)

        figures_warm_task.enqueue()


def _scope(scope: str) -> tuple[Body | None, Territory | None, str] | None:
    """Return the body, région and name a queued scope names; None when it is gone."""
    if scope == FRANCE:
        return None, None, "France"
    kind, _, ident = scope.partition(":")
    if kind == "body" and ident.isdigit():
        body = Body.objects.select_related("structure").filter(pk=int(ident)).first()
        return None if body is None else (body, None, body.structure.name)
    region = Territory.objects.filter(pk=ident).first() if kind == "region" else None
    return None if region is None else (None, region, region.name)


def warm_pending() -> list[str]:
    """Compute the figures of every waiting scope into the cache; return the scopes taken."""
    with transaction.atomic():
        scopes = list(PendingFigures.objects.select_for_update().values_list("scope", flat=True))
        PendingFigures.objects.filter(scope__in=scopes).delete()
    # Read after taking the scopes (see figures_changed). Computed outside the transaction so that
    # writers are not held; if it fails, readers compute the figures themselves, never stale ones.
    current = generation()
    for scope in scopes:
        found = _scope(scope)
        if found is not None:
            body, region, name = found
            result = figures(body=body, region=region, scope=name)
            cache.set(
                cache_key(current, body.pk if body else None, region.pk if region else None),
                result,
                CACHE_SECONDS,
            )
    return scopes


def cached_figures(
    *, body: Body | None = None, region: Territory | None = None, scope: str = "France"
) -> Figures:
    """Return `figures(...)` from the cache when no case changed since they were computed."""
    key = cache_key(generation(), body.pk if body else None, region.pk if region else None)
    found = cache.get(key)
    if found is None:
        found = figures(body=body, region=region, scope=scope)
        cache.set(key, found, CACHE_SECONDS)
    return found
