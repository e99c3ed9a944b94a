"""Make every write of a score increase the directory's search generation (its kept pages show scores)."""

from typing import Any

from django.db import migrations

from maillage.structures import facet_counts

TABLE = "quality_recordscore"


def watch(apps: Any, schema_editor: Any) -> None:
    for statement in facet_counts.watch_sql(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(statement)


def unwatch(apps: Any, schema_editor: Any) -> None:
    for statement in facet_counts.unwatch_sql(schema_editor.connection.vendor, TABLE):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0001_initial"),
        ("structures", "0010_facet_counts"),
    ]

    operations = [migrations.RunPython(watch, unwatch)]
