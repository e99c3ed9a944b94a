"""Generate a realistic, reproducible directory of structures, for benchmarks and demonstrations.

`generate_structures --count 200000 --seed 1` places structures in the real communes of the referential,
weighted by population, with names built from the vocabulary of the cultural field, ESS families and legal
categories in plausible proportions, disciplines, NAF codes, activities, closures and memberships of
networks. The same seed and count give the same rows (ids and timestamps aside).

Generated rows are recognisable and removable: `source` is NETWORK_FILE, `source_id` is
`gen-<seed>-<n>` and `source_label` is GENERATED_LABEL. They never carry a SIRET, an e-mail, a telephone
or a web address: made-up identifiers would pass as real ones.

Rows are written with bulk_create in batches inside one transaction; the search fields are computed by
`structure_search_fields`, the very function the services use, so generated structures are found exactly
as real ones.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection, transaction

from maillage.structures.enums import DatePrecision, RelationKind
from maillage.structures.generated import GENERATED_LABEL, generated_structures
from maillage.structures.generator_french import grouped
from maillage.structures.generator_rows import (
    DEFAULT_BATCH,
    GeneratedRow,
    GenerationError,
    StructureGenerator,
)
from maillage.structures.generator_summary import GenerationSummary
from maillage.structures.models import Relation, Structure, StructureActivity
from maillage.structures.statistics import StatisticsKeeper

ProgressCallback = Callable[[str], None]


def generate_structures(
    *, count: int, seed: int, batch: int = DEFAULT_BATCH, progress: ProgressCallback | None = None
) -> GenerationSummary:
    """Generate `count` structures from `seed` (see the module's docstring)."""
    return _write(StructureGenerator(count=count, seed=seed, batch=batch), progress)


@transaction.atomic
def _write(generator: StructureGenerator, progress: ProgressCallback | None) -> GenerationSummary:
    """Write the rows batch by batch in one transaction and return what was created."""
    started = time.monotonic()
    if generated_structures(generator.seed).exists():
        raise GenerationError(
            f"Des structures de la graine {generator.seed} existent déjà : supprimez-les avec --delete "
            "ou choisissez une autre graine."
        )
    summary = GenerationSummary(seed=generator.seed)
    statistics = StatisticsKeeper()
    through = Structure.disciplines.through
    for rows in generator.draw():
        Structure.objects.bulk_create([row.structure for row in rows])
        through.objects.bulk_create(
            [
                through(structure_id=row.structure.pk, discipline_id=d.pk)
                for row in rows
                for d in row.disciplines
            ]
        )
        StructureActivity.objects.bulk_create(
            [
                StructureActivity(structure_id=row.structure.pk, activity=act)
                for row in rows
                for act in row.activities
            ]
        )
        relations = [_membership(generator, row) for row in rows if row.network_index is not None]
        Relation.objects.bulk_create(relations)
        for row in rows:
            summary.families[row.structure.ess_family] += 1
            summary.kinds[row.structure.kind] += 1
            summary.closed += not row.structure.is_active
            summary.discipline_links += len(row.disciplines)
            summary.activities += len(row.activities)
        summary.structures += len(rows)
        summary.memberships += len(relations)
        statistics.wrote(len(rows))
        if progress is not None:
            elapsed = time.monotonic() - started
            progress(
                f"  {grouped(summary.structures):>9} / {grouped(generator.count)} structures "
                f"({100 * summary.structures / generator.count:.0f} %) — {elapsed:.1f} s"
            )
    if connection.vendor == "postgresql":
        # The planner's statistics would still describe the tables before the load.
        with connection.cursor() as cursor:
            for model in (Structure, Structure.disciplines.through, StructureActivity, Relation):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    summary.networks = len(generator.networks)
    summary.seconds = time.monotonic() - started
    return summary


def _membership(generator: StructureGenerator, row: GeneratedRow) -> Relation:
    assert row.network_index is not None  # noqa: S101 (filtered by the caller)
    network = generator.networks[row.network_index].structure
    return Relation(
        source_id=row.structure.pk,
        target=network,
        kind=RelationKind.MEMBER_OF,
        start_date=row.membership_start,
        end_date=row.membership_end,
        date_precision=DatePrecision.YEAR,
        source_label=GENERATED_LABEL,
    )
