"""Index the structures' folded names with their ids on PostgreSQL, so that the first names are read alone.

A broad text search looks for the names containing its words among the first 10,000 names of the
directory (`search_tiers.CONTAINING_WINDOW`, ADR 32). Along the plain index on the name, each of them is
read from the table (2,000 names: 6-8 ms at 1,000,000 structures); with the id beside the name the walk
reads the index only (10,000 names: about 2 ms). SQLite's indexes hold the row id already.
"""

from django.db import migrations

INDEX = "structure_name_window_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON structures_structure (search_name, id)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("structures", "0016_acronym_upper_index"),
    ]

    operations = [migrations.RunPython(create, drop)]
