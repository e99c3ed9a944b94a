"""Discipline searches' facets kept counted by triggers (structures/discipline_counts.py, ADR 27): per
territory, group of the structure and discipline group, the structures, their disciplines and their
settled memberships."""

from django.db import migrations

from maillage.structures.discipline_counts import DISCIPLINES, create_sql, drop_sql


def create(apps, schema_editor):
    for statement in create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)
    schema_editor.execute(f"ANALYZE {DISCIPLINES}")


def drop(apps, schema_editor):
    for statement in drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("structures", "0012_perf13b_network_counts")]

    operations = [migrations.RunPython(create, drop)]
