"""Keep the library's links to structures when two structures are merged (a participant of history.merge)."""

from typing import Any

from maillage.resources.models import Collection, Resource
from maillage.structures.models import Structure


def move_resource_links_to_kept_structure(*, keep: Structure, duplicate: Structure, **kwargs: Any) -> None:
    """Give the duplicate's resources and collections to the kept structure."""
    Resource.objects.filter(publisher=duplicate).update(publisher=keep)
    Collection.objects.filter(editor=duplicate).update(editor=keep)
    for relation in ("creators", "structures"):
        for resource in Resource.objects.filter(**{relation: duplicate}):
            getattr(resource, relation).add(keep)
            getattr(resource, relation).remove(duplicate)
