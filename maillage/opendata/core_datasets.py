"""The datasets core publishes itself; feature apps register theirs from their own ready()."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from maillage.opendata import data_inclusion, directory_rows
from maillage.opendata.registry import register_dataset
from maillage.opendata.tables import csv_dataset

SCHEMAS = Path(__file__).resolve().parent / "schemas"


@dataclass(frozen=True)
class CoreTable:
    """One CSV table of the directory: its file name (and schema's), its title, its rows."""

    name: str
    title: str
    description: str
    rows: Callable[[], Iterable[Sequence[Any]]]


CORE_TABLES = (
    CoreTable(
        "structures",
        "Structures de l'annuaire (CSV)",
        "Les fiches publiques de l'annuaire, une ligne par structure.",
        directory_rows.structure_rows,
    ),
    CoreTable(
        "relations",
        "Relations entre structures",
        "Adhésions, partenariats, mutualisations et actes collectifs confirmés.",
        directory_rows.relation_rows,
    ),
    CoreTable(
        "reseaux",
        "Réseaux et fédérations",
        "Les réseaux et fédérations et le nombre de leurs membres confirmés.",
        directory_rows.network_rows,
    ),
    CoreTable(
        "chiffres-cles",
        "Chiffres clés des structures",
        "Budgets, effectifs, bénévoles… par année et par source.",
        directory_rows.key_figure_rows,
    ),
    CoreTable(
        "indicateurs-territoriaux",
        "Indicateurs territoriaux de l'observatoire",
        "Les valeurs du dernier calcul des indicateurs, par territoire.",
        directory_rows.indicator_rows,
    ),
)


def register_core_datasets() -> None:
    """Register the data·inclusion export, then each core table with its `<name>.schema.json`."""
    register_dataset(data_inclusion.DATASET)
    for table in CORE_TABLES:
        register_dataset(
            csv_dataset(
                name=table.name,
                title=table.title,
                description=table.description,
                schema_path=SCHEMAS / f"{table.name}.schema.json",
                rows=table.rows,
            )
        )
