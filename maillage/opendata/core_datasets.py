"""The datasets core publishes itself; feature apps register theirs from their own ready()."""

from __future__ import annotations

from pathlib import Path

from maillage.opendata import data_inclusion, directory_rows
from maillage.opendata.registry import register_dataset
from maillage.opendata.tables import csv_dataset

SCHEMAS = Path(__file__).resolve().parent / "schemas"
REPOSITORY_SCHEMAS = "maillage/opendata/schemas"


def register_core_datasets() -> None:
    register_dataset(data_inclusion.DATASET)
    register_dataset(
        csv_dataset(
            name="structures",
            title="Structures de l'annuaire (CSV)",
            description="Les fiches publiques de l'annuaire, une ligne par structure.",
            schema_path=SCHEMAS / "structures.schema.json",
            rows=directory_rows.structure_rows,
        )
    )
    register_dataset(
        csv_dataset(
            name="relations",
            title="Relations entre structures",
            description="Adhésions, partenariats, mutualisations et actes collectifs confirmés.",
            schema_path=SCHEMAS / "relations.schema.json",
            rows=directory_rows.relation_rows,
        )
    )
    register_dataset(
        csv_dataset(
            name="reseaux",
            title="Réseaux et fédérations",
            description="Les réseaux et fédérations et le nombre de leurs membres confirmés.",
            schema_path=SCHEMAS / "reseaux.schema.json",
            rows=directory_rows.network_rows,
        )
    )
    register_dataset(
        csv_dataset(
            name="chiffres-cles",
            title="Chiffres clés des structures",
            description="Budgets, effectifs, bénévoles… par année et par source.",
            schema_path=SCHEMAS / "chiffres-cles.schema.json",
            rows=directory_rows.key_figure_rows,
        )
    )
    register_dataset(
        csv_dataset(
            name="indicateurs-territoriaux",
            title="Indicateurs territoriaux de l'observatoire",
            description="Les valeurs du dernier calcul des indicateurs, par territoire.",
            schema_path=SCHEMAS / "indicateurs-territoriaux.schema.json",
            rows=directory_rows.indicator_rows,
        )
    )
