"""The datasets published as open data: core registers its own, each feature app registers its own in ready().

A dataset is one file a day. Its writer streams the file to an open text stream and returns how many
records it wrote; its validator reads the written file back and returns the problems found (in French,
at most a hundred), an empty list meaning the file may be published. Only public records and public fields
go in: the writer selects them, and the tests of each app check that nothing else does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

LICENCE = "Licence Ouverte 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE_ID = "etalab-2.0"
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}

Writer = Callable[[TextIO], int]
Validator = Callable[[Path], list[str]]


@dataclass(frozen=True)
class Dataset:
    """One published file: its name (in addresses and file names), what it holds and how it is checked."""

    name: str
    title: str
    description: str
    format: str
    schema: str
    writer: Writer
    validator: Validator
    # Where the schema is published (a URL), or the repository path of the Table Schema it follows.
    schema_url: str = ""
    # The Table Schema itself, for datapackage.json (CSV files only).
    table_schema: dict[str, Any] | None = field(default=None, compare=False)
    # The module that registers it (by default, its writer's): a name belongs to one module.
    owner: str = ""

    @property
    def registered_by(self) -> str:
        return self.owner or self.writer.__module__

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]

    @property
    def extension(self) -> str:
        return self.format


_DATASETS: dict[str, Dataset] = {}


def register_dataset(dataset: Dataset) -> None:
    """Add a dataset to the daily publication; registering the same name twice is a programming error."""
    if dataset.format not in MEDIA_TYPES:
        raise ValueError(f"format inconnu pour {dataset.name} : {dataset.format}")
    # The same app registering again (ready() run twice) replaces its dataset; another app may not.
    known = _DATASETS.get(dataset.name)
    if known is not None and known.registered_by != dataset.registered_by:
        raise ValueError(f"jeu de données déjà enregistré par {known.registered_by} : {dataset.name}")
    _DATASETS[dataset.name] = dataset


def unregister_dataset(name: str) -> None:
    """Remove a dataset (tests register throw-away ones)."""
    _DATASETS.pop(name, None)


def datasets() -> list[Dataset]:
    """Return the registered datasets, by name."""
    return [_DATASETS[name] for name in sorted(_DATASETS)]


def dataset_get(name: str) -> Dataset | None:
    return _DATASETS.get(name)


def load_table_schema(path: Path) -> dict[str, Any]:
    """Read a Table Schema kept in the repository."""
    descriptor: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return descriptor
