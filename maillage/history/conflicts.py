"""What changed on a record since a version: the revisions a refused stale write is shown."""

from __future__ import annotations

from maillage.history.enums import RecordType
from maillage.history.models import Revision


def revisions_since(*, record_type: str, record_id: int | str, version: int) -> list[Revision]:
    """Return the revisions that took the record past `version`, oldest first, with their authors."""
    return list(
        Revision.objects.filter(record_type=record_type, record_id=str(record_id), record_version__gt=version)
        .select_related("author")
        .order_by("created_at", "id")
    )


def structure_changes_since(*, structure_id: int, version: int) -> dict[str, Revision]:
    """Map each field of a structure changed since `version` to the last revision that changed it."""
    latest: dict[str, Revision] = {}
    for revision in revisions_since(
        record_type=RecordType.STRUCTURE, record_id=structure_id, version=version
    ):
        for name in revision.changes:
            latest[name] = revision
    return latest
