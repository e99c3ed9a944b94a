"""Querysets of the territorial referential."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from maillage.territories.enums import Level

if TYPE_CHECKING:
    from maillage.territories.models import Territory  # noqa: F401 (named in the generic base)


class TerritoryQuerySet(models.QuerySet["Territory"]):
    def current(self) -> TerritoryQuerySet:
        return self.filter(is_current=True)

    def communes(self) -> TerritoryQuerySet:
        return self.filter(level=Level.COMMUNE)

    def held_by(self, territory_id: str) -> TerritoryQuerySet:
        """Communes held by a territory, whatever its level."""
        return self.filter(container_links__territory_id=territory_id)

    def containing(self, commune_id: str) -> TerritoryQuerySet:
        """Territories that hold a commune (the commune itself included)."""
        return self.filter(commune_links__commune_id=commune_id)
