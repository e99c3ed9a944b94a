"""Portals' part in a merge of two structures: highlighted and excluded records follow the kept one."""

from __future__ import annotations

from typing import Any

from maillage.portals.models import Portal
from maillage.structures.models import Structure


def move_portal_choices_to_kept_structure(
    *, keep: Structure, duplicate: Structure, actor: Any = None
) -> None:
    """Point the portals' highlights, exclusions and network at the kept structure."""
    for portal in Portal.objects.filter(highlighted=duplicate):
        portal.highlighted.remove(duplicate)
        portal.highlighted.add(keep)
    for portal in Portal.objects.filter(excluded=duplicate):
        portal.excluded.remove(duplicate)
        portal.excluded.add(keep)
    Portal.objects.filter(network=duplicate).update(network=keep)
