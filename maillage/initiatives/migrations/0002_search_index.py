"""The fiches's full-text index: FTS5 on SQLite, GIN on PostgreSQL, as the directory's (ADR 3)."""

from django.db import migrations

from maillage.search.fulltext import create_index_sql, drop_index_sql

TABLE = "initiatives_initiative"
FTS_TABLE = "initiatives_initiative_fts"


def create_index(apps, schema_editor):
    for statement in create_index_sql(schema_editor.connection.vendor, table=TABLE, fts_table=FTS_TABLE):
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    for statement in drop_index_sql(schema_editor.connection.vendor, fts_table=FTS_TABLE):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
