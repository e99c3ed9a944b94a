"""Scopes of figures to compute again after a write, taken in by one background task per burst."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class PendingFigures(models.Model):
    """A scope ("france", "region:<id>", "body:<id>") whose figures a case write made stale.

    Writes add their scopes here after commit and the first of a burst queues one task, which takes
    every waiting scope and stores its figures warm in the cache: many writes, one recompute.
    """

    scope = models.CharField("périmètre", max_length=100, primary_key=True)
    since = models.DateTimeField("en attente depuis", default=timezone.now)

    class Meta:
        verbose_name = "chiffres à recalculer"
        verbose_name_plural = "chiffres à recalculer"

    def __str__(self) -> str:
        return self.scope
