"""Keep events' organisers and speakers when two structures are merged (a participant of history.merge)."""

from typing import Any

from maillage.events.models import EventOrganiser, Session
from maillage.structures.models import Structure


def move_event_links_to_kept_structure(*, keep: Structure, duplicate: Structure, **kwargs: Any) -> None:
    """Give the duplicate's organiser links and talks to the kept structure (its own links stay first)."""
    already = EventOrganiser.objects.filter(structure=keep).values("event_id")
    EventOrganiser.objects.filter(structure=duplicate).exclude(event_id__in=already).update(structure=keep)
    EventOrganiser.objects.filter(structure=duplicate).delete()  # the same event, organised by both
    for session in Session.objects.filter(speakers=duplicate):
        session.speakers.add(keep)
        session.speakers.remove(duplicate)
