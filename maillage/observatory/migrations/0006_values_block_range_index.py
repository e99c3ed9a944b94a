"""Give PostgreSQL a block range index of the values' snapshot (ADR 34): reading one snapshot among many.

A snapshot's rows are written together, so they sit in neighbouring pages. With several snapshots kept,
PostgreSQL read one by scanning the whole table (one snapshot is a tenth of it: an index scan looked
dearer); a BRIN index (a few hundred kB) lets it read only the pages holding that snapshot. The
multi-value operator class keeps that true when a new snapshot fills the space a deleted one left.
SQLite needs none: its rows are stored in id order, and a snapshot's ids follow each other.
"""

from django.db import migrations

INDEX = "indicator_value_snapshot_brin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "observatory_indicatorvalue" '
            "USING brin (snapshot_id int8_minmax_multi_ops) WITH (pages_per_range = 16, autosummarize = on)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("observatory", "0005_values_without_foreign_key_checks")]

    operations = [migrations.RunPython(create, drop)]
