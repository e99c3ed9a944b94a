"""Querysets of events: what the agenda shows, and the territory and date filters."""

from __future__ import annotations

import datetime

from django.db import models


class EventQuerySet(models.QuerySet):
    def public(self) -> EventQuerySet:
        """Return the events anyone may see: published or cancelled, never drafts or withdrawn ones."""
        return self.filter(listed=True)

    def between(self, start: datetime.date | None, end: datetime.date | None) -> EventQuerySet:
        """Return the events that take place, at least one day, between two dates (either may be open)."""
        queryset = self
        if start is not None:
            # An event ending on or after `start` began at most the longest span before it: saying so
            # lets the index on the first day bound the range from both sides (docs/benchmarks.md).
            longest = self.model._default_manager.aggregate(longest=models.Max("span_days"))["longest"] or 0
            queryset = queryset.filter(
                end_date__gte=start, start_date__gte=start - datetime.timedelta(days=longest)
            )
        if end is not None:
            queryset = queryset.filter(start_date__lte=end)
        return queryset

    def in_territory(self, territory_id: str) -> EventQuerySet:
        """Return the events held in a commune of the territory (any level, through the commune closure)."""
        from maillage.territories.models import TerritoryCommune  # noqa: PLC0415

        communes = TerritoryCommune.objects.filter(territory_id=territory_id).values("commune_id")
        return self.filter(commune_id__in=communes)
