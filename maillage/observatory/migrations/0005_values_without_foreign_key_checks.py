"""Stop checking the values' two foreign keys in PostgreSQL (ADR 34): 5.7 s of a 10 s snapshot at commit.

Only the model's state changes on SQLite: its foreign keys are part of the table's definition, and
dropping them would copy the whole table (minutes on years of snapshots, as much free disk), for 0.4 s
of a snapshot's copy there (see 0002 for the same reasoning).
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "observatory_indicatorvalue"
CONSTRAINTS = {
    "observatory_indicato_snapshot_id_ecc67836_fk_observato": ("snapshot_id", "observatory_snapshot"),
    "observatory_indicato_territory_id_05bb6121_fk_territori": ("territory_id", "territories_territory"),
}


def drop_checks(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Every foreign key of the table, whatever its name (the two above on a database Django created).
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'", [TABLE]
        )
        names = [row[0] for row in cursor.fetchall()]
    for name in names:
        schema_editor.execute(f'ALTER TABLE "{TABLE}" DROP CONSTRAINT "{name}"')


def restore_checks(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (column, target) in CONSTRAINTS.items():
        schema_editor.execute(
            f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{name}" FOREIGN KEY ("{column}") '
            f'REFERENCES "{target}" ("id") DEFERRABLE INITIALLY DEFERRED'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("observatory", "0004_pending_communes"),
        ("territories", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="indicatorvalue",
                    name="snapshot",
                    field=models.ForeignKey(
                        db_constraint=False,
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
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="territories.territory",
                        verbose_name="territoire",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_checks, restore_checks)],
        ),
    ]
