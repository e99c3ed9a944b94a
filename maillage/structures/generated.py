"""Recognise and remove the structures the generator wrote (source, key prefix and label)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from maillage.structures.enums import DataSource
from maillage.structures.models import Relation, Structure, StructureActivity

GENERATED_SOURCE = DataSource.NETWORK_FILE
GENERATED_LABEL = "Jeu de données généré (maillage generate_structures)"
SOURCE_ID_PREFIX = "gen-"


def generated_structures(seed: int | None = None) -> QuerySet[Structure]:
    """Return the generated structures, of one seed or of all."""
    prefix = f"{SOURCE_ID_PREFIX}{seed}-" if seed is not None else SOURCE_ID_PREFIX
    return Structure.objects.filter(
        source=GENERATED_SOURCE, source_label=GENERATED_LABEL, source_id__startswith=prefix
    )


@transaction.atomic
def delete_generated_structures(*, seed: int | None = None) -> int:
    """Delete the generated structures (of one seed, or all) with their links; return how many."""
    structures = generated_structures(seed)
    ids = structures.values("pk")
    # Dependants first, in set-based statements: the ORM's collector would load every row.
    Relation.objects.filter(source_id__in=ids).delete()
    Relation.objects.filter(target_id__in=ids).delete()
    Structure.disciplines.through.objects.filter(structure_id__in=ids).delete()
    StructureActivity.objects.filter(structure_id__in=ids).delete()
    deleted, _ = structures.only("pk").delete()
    return deleted
