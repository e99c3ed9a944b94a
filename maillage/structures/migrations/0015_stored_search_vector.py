"""Store the structures' analysed text as a `tsvector` on PostgreSQL, matched through its own GIN index.

A text search within a territory reads the territory's structures by commune and tested the match by
analysing each one's document again (`to_tsvector` per row: 105-114 ms for q=compagnie in the Loire at
200,000 structures, issue 13). A generated column holds the vector once; SQLite keeps its FTS5 table.
"""

from django.db import migrations

from maillage.search.fulltext import stored_vector_sql, unstored_vector_sql

TABLE = "structures_structure"
FTS_TABLE = "structures_structure_fts"
COLUMN = "search_vector"


def store(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in stored_vector_sql(vendor, table=TABLE, fts_table=FTS_TABLE, column=COLUMN):
        schema_editor.execute(statement)


def unstore(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in unstored_vector_sql(vendor, table=TABLE, fts_table=FTS_TABLE, column=COLUMN):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("structures", "0014_discipline_counts_after_deleted_disciplines"),
    ]

    operations = [migrations.RunPython(store, unstore)]
