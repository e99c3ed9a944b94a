"""Reads of the published files: what the /donnees/ page lists and datapackage.json describes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from maillage.opendata.models import PublishedFile, Validation
from maillage.opendata.registry import LICENCE, LICENCE_ID, LICENCE_URL, Dataset, dataset_get, datasets

PACKAGE_NAME = "maillage"
TABLE_KEYS = ("fields", "missingValues", "primaryKey", "foreignKeys")


@dataclass(frozen=True)
class Listing:
    dataset: Dataset
    current: PublishedFile | None

    @property
    def file_name(self) -> str:
        return f"{self.dataset.name}.{self.dataset.extension}"


def current_files() -> list[Listing]:
    """Return every registered dataset with its current file (None before its first valid file)."""
    current = {p.dataset: p for p in PublishedFile.objects.filter(is_current=True)}
    return [Listing(dataset=d, current=current.get(d.name)) for d in datasets()]


def current_file(name: str) -> PublishedFile | None:
    return PublishedFile.objects.filter(dataset=name, is_current=True).first()


def dated_file(name: str, day: datetime.date) -> PublishedFile | None:
    """Return the valid file of a dataset for a day (a day's rejected file is never served)."""
    return PublishedFile.objects.filter(dataset=name, day=day, validation=Validation.VALID).first()


def dated_file_name(published: PublishedFile) -> str:
    """Return the file's name as published: `<dataset>-<day>.<format>`, also its name on disk."""
    dataset = dataset_get(published.dataset)
    extension = dataset.extension if dataset else published.path.rsplit(".", 1)[-1]
    return f"{published.dataset}-{published.day.isoformat()}.{extension}"


def datapackage(*, site_url: str) -> dict[str, Any]:
    """Describe every current file as a Data Package (paths relative to datapackage.json)."""
    licence = {"name": LICENCE_ID, "path": LICENCE_URL, "title": LICENCE}
    resources = []
    for listing in current_files():
        published = listing.current
        if published is None:
            continue
        dataset = listing.dataset
        resource: dict[str, Any] = {
            "name": dataset.name,
            "title": dataset.title,
            "description": dataset.description,
            # Relative to datapackage.json: /donnees/<dataset>/<file>, the same layout as OPENDATA_ROOT.
            "path": f"{dataset.name}/{dated_file_name(published)}",
            "format": dataset.format,
            "mediatype": dataset.media_type.split(";")[0],
            "encoding": "utf-8",
            "bytes": published.size,
            "hash": f"sha256:{published.sha256}",
            "licenses": [licence],
            "created": published.created_at.isoformat(timespec="seconds"),
        }
        if dataset.table_schema is not None:
            # The table's description only: an official schema's contributors or examples stay in it.
            resource["schema"] = {k: v for k, v in dataset.table_schema.items() if k in TABLE_KEYS}
        else:
            # Not a table: a file checked against its own schema (data·inclusion's), named in sources.
            resource["type"] = "file"
        if dataset.schema_url:
            resource["sources"] = [{"title": dataset.schema, "path": dataset.schema_url}]
        resources.append(resource)
    return {
        "name": PACKAGE_NAME,
        "title": "Données ouvertes de maillage",
        "description": (
            "Les données publiques de maillage, l'annuaire des acteurs culturels de l'économie sociale et "
            "solidaire, publiées chaque jour et validées avant publication."
        ),
        "homepage": f"{site_url}/donnees/",
        "licenses": [licence],
        "resources": resources,
    }
