"""Querysets of the directory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from maillage.structures.models import Structure  # noqa: F401 (named in the generic base)


class StructureQuerySet(models.QuerySet["Structure"]):
    def active(self) -> StructureQuerySet:
        return self.filter(is_active=True)

    def published(self) -> StructureQuerySet:
        """Structures the public sees: every one but those withdrawn (kept for their people)."""
        return self.filter(withdrawn_at__isnull=True)

    def in_territory(self, territory_id: str) -> StructureQuerySet:
        """Structures whose commune lies in a territory of any level, through the commune closure."""
        return self.filter(commune__container_links__territory_id=territory_id)
