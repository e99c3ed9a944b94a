"""Discipline counts: links read through their discipline in every count, and a trigger counting again when
disciplines are deleted (SQLite's flush deletes them before their links, whose triggers then found no
group and left counts behind)."""

from django.db import migrations

from maillage.structures.discipline_counts import recreate_triggers_sql


def recreate(apps, schema_editor):
    for statement in recreate_triggers_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("structures", "0013_perf13c_discipline_counts")]

    operations = [migrations.RunPython(recreate, recreate)]
