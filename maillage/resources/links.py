"""The library's outside links, watched by the link checker (maillage.links, ADR 9)."""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from django.utils import timezone

from maillage.resources.models import Resource


def resource_urls() -> Iterable[str]:
    """Return the addresses of the public resources, each once."""
    return Resource.objects.public().exclude(url="").values_list("url", flat=True).distinct()


def flag_broken(url: str) -> None:
    """Mark the resources behind a broken address: their page says so beside the link."""
    Resource.objects.filter(url=url, url_broken_since__isnull=True).update(url_broken_since=timezone.now())


def unflag_recovered(url: str) -> None:
    """Clear the mark of the resources whose address answers again."""
    Resource.objects.filter(url=url).update(url_broken_since=None)


def register_links() -> None:
    """Register the library's addresses with the link checker."""
    # Looked up by name, as the schemes do: the checker is a sibling feature app, not a dependency.
    registry = importlib.import_module("maillage.links.registry")
    registry.register_link_source(
        key="ressources", urls=resource_urls, on_broken=flag_broken, on_recovered=unflag_recovered
    )
