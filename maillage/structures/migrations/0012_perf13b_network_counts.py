"""Network memberships kept counted by triggers (structures/network_counts.py, ADR 24): settled memberships
(confirmed, no end date, started by the horizon) per territory, group and network, and an index on the
dated memberships the network facet counts live."""

from django.db import migrations

from maillage.structures.network_counts import NETWORKS, create_sql, drop_sql


def create(apps, schema_editor):
    for statement, params in create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params or None)
    schema_editor.execute(f"ANALYZE {NETWORKS}")
    schema_editor.execute("ANALYZE structures_relation")


def drop(apps, schema_editor):
    for statement in drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("structures", "0011_updated_at_index"),
        ("territories", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
