"""Files derived from a snapshot (the PDF diagnostics, their maps), kept in the default storage beside it.

A file is named after its territory and its snapshot, so a new snapshot means new files, and deleting a
snapshot deletes its files (`snapshot_documents_delete`, called by the retention).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.storage import default_storage

DIAGNOSTICS_DIR = "diagnostics"
# The name used when no snapshot exists yet (an observatory never computed).
NO_SNAPSHOT = "0"


def diagnostic_path(territory_id: str, snapshot_id: int | None) -> str:
    """Return the storage name of a territory's PDF diagnostic at a snapshot."""
    return f"{DIAGNOSTICS_DIR}/{territory_id}/{snapshot_id or NO_SNAPSHOT}.pdf"


def map_path(territory_id: str, snapshot_id: int) -> str:
    """Return the storage name of a territory's static map at a snapshot (drawn once, printed often)."""
    return f"{DIAGNOSTICS_DIR}/{territory_id}/{snapshot_id}.map.svg"


def snapshot_documents_delete(snapshot_ids: Iterable[int]) -> int:
    """Delete the diagnostics of these snapshots from the storage; return how many files went."""
    names = {f"{snapshot_id}.{kind}" for snapshot_id in snapshot_ids for kind in ("pdf", "map.svg")}
    if not names or not default_storage.exists(DIAGNOSTICS_DIR):
        return 0
    deleted = 0
    territories, _ = default_storage.listdir(DIAGNOSTICS_DIR)
    for territory in territories:
        _, files = default_storage.listdir(f"{DIAGNOSTICS_DIR}/{territory}")
        for name in set(files) & names:
            default_storage.delete(f"{DIAGNOSTICS_DIR}/{territory}/{name}")
            deleted += 1
    return deleted
