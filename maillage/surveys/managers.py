"""Querysets of the needs surveys: a campaign's status is read from its dates and its explicit close."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from maillage.surveys.models import Campaign  # noqa: F401 (named in the generic base)


def _closed(today: object) -> Q:
    return Q(closed_at__isnull=False) | Q(closes_on__lt=today)


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def published(self) -> CampaignQuerySet:
        """Campaigns past their opening day, or closed: the ones the public may see."""
        today = timezone.localdate()
        return self.filter(Q(opens_on__lte=today) | _closed(today))

    def open(self) -> CampaignQuerySet:
        today = timezone.localdate()
        return self.filter(opens_on__lte=today).exclude(_closed(today))

    def closed(self) -> CampaignQuerySet:
        return self.filter(_closed(timezone.localdate()))
