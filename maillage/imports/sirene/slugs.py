"""Unique slugs for the structures of an import batch, allocated in memory as the services would."""

from __future__ import annotations

import re

from django.utils.text import slugify

from maillage.search.normalize import search_key
from maillage.structures import derivation
from maillage.structures.models import Structure

SLUG_LENGTH = derivation.SLUG_LENGTH


class SlugAllocator:
    """Unique slugs for many structures at once, as the services make them (`name`, `name-2`…)."""

    def __init__(self) -> None:
        self.taken = set(Structure.objects.values_list("slug", flat=True))
        self._next: dict[str, int] = {}

    def allocate(self, name: str, current: str = "") -> str:
        base = slugify(search_key(name))[:SLUG_LENGTH].strip("-") or "structure"
        if base in derivation.RESERVED_SLUGS:  # the directory's own paths, as the services do
            base = f"{base}-2"
        if current and (current == base or re.fullmatch(rf"{re.escape(base)}-\d+", current)):
            return current
        slug = base
        number = self._next.get(base, 2)
        while slug in self.taken:
            slug = f"{base}-{number}"
            number += 1
        self._next[base] = number
        self.taken.add(slug)
        return slug
