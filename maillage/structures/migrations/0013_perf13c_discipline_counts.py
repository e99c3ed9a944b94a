"""Discipline searches' facets kept counted by triggers (structures/discipline_counts.py, ADR 27): per
territory, state, family, kind, ESS flag and discipline group, the structures, their disciplines and their
settled memberships. And the narrow index (0010) with the folded name and the acronym: a page is ranked
over it, then only its own rows are read."""

from django.db import migrations

from maillage.structures.discipline_counts import DISCIPLINES, create_sql, drop_sql

NARROW = "structure_narrow_idx"
COLUMNS = "id, withdrawn_at, is_active, commune_id, ess_family, kind, is_ess"


def create(apps, schema_editor):
    for statement in create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)
    schema_editor.execute(f"DROP INDEX IF EXISTS {NARROW}")
    schema_editor.execute(f"CREATE INDEX {NARROW} ON structures_structure ({COLUMNS}, search_name, acronym)")
    schema_editor.execute(f"ANALYZE {DISCIPLINES}")
    schema_editor.execute("ANALYZE structures_structure")


def drop(apps, schema_editor):
    for statement in drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)
    schema_editor.execute(f"DROP INDEX IF EXISTS {NARROW}")
    schema_editor.execute(f"CREATE INDEX {NARROW} ON structures_structure ({COLUMNS})")


class Migration(migrations.Migration):
    dependencies = [("structures", "0012_perf13b_network_counts")]

    operations = [migrations.RunPython(create, drop)]
