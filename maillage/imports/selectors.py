"""Reads of the import runs: what was imported last, for the pages that date their data."""

from __future__ import annotations

from maillage.imports.models import ImportKind, ImportRun, ImportStatus


def last_applied_import(kind: str = ImportKind.SIRENE) -> ImportRun | None:
    """Return the latest import of a kind that wrote to the database (dry runs and refusals aside)."""
    return ImportRun.objects.filter(kind=kind, status=ImportStatus.APPLIED).order_by("-started_at").first()
