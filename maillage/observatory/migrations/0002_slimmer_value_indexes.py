"""Slim the values' indexes: a fifth to a quarter of every snapshot's size (docs/benchmarks.md).

The single-column indexes of the two keys go: the unique index starts with the snapshot, the history
index with the territory. The history index loses the indicator, which it never narrowed.

Dropped by name rather than by AlterField: on SQLite, AlterField copies the whole table (twice), which on a
database holding years of snapshots means minutes and as much free disk as the table.
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "observatory_indicatorvalue"
SNAPSHOT_INDEX = "observatory_indicatorvalue_snapshot_id_ecc67836"
TERRITORY_INDEX = "observatory_indicatorvalue_territory_id_05bb6121"


class Migration(migrations.Migration):
    dependencies = [
        ("observatory", "0001_snapshots_and_values"),
        ("territories", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="indicatorvalue",
                    name="snapshot",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="values",
                        to="observatory.snapshot",
                        verbose_name="instantané",
                    ),
                ),
                migrations.AlterField(
                    model_name="indicatorvalue",
                    name="territory",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="territories.territory",
                        verbose_name="territoire",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{SNAPSHOT_INDEX}"',
                    f'CREATE INDEX "{SNAPSHOT_INDEX}" ON "{TABLE}" ("snapshot_id")',
                ),
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{TERRITORY_INDEX}"',
                    f'CREATE INDEX "{TERRITORY_INDEX}" ON "{TABLE}" ("territory_id")',
                ),
                # PostgreSQL's companion index for LIKE on a varchar key (absent on SQLite).
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{TERRITORY_INDEX}_like"', migrations.RunSQL.noop),
            ],
        ),
        migrations.RemoveIndex(model_name="indicatorvalue", name="indicator_value_history_idx"),
        migrations.AddIndex(
            model_name="indicatorvalue",
            index=models.Index(
                condition=models.Q(("dimension", "")),
                fields=["territory", "snapshot"],
                name="indicator_value_territory_idx",
            ),
        ),
    ]
