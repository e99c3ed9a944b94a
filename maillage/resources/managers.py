"""Querysets of the resource library: what is public, and the territory filter."""

from __future__ import annotations

from django.db import models


class ResourceQuerySet(models.QuerySet["Resource"]):  # type: ignore[name-defined]  # defined in models.py, which imports this one
    def public(self) -> ResourceQuerySet:
        """Return the resources anyone may see: those not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def in_territory(self, territory_id: str) -> ResourceQuerySet:
        """Return the resources covering the territory, a territory holding it, or one it holds."""
        from maillage.territories.models import TerritoryCommune  # noqa: PLC0415

        # A resource about the Loire concerns Saint-Étienne, and one about Saint-Étienne concerns the
        # Loire: both share a commune with it in the closure table.
        communes = TerritoryCommune.objects.filter(territory_id=territory_id).values("commune_id")
        covering = TerritoryCommune.objects.filter(commune_id__in=communes).values("territory_id")
        return self.filter(territories__in=covering).distinct()
