"""Facet counts and the directory's generation number kept by triggers (structures/facet_counts.py), and
the covering indexes of the search, some of which SQLite lost when later migrations remade the tables.

- structures by commune with state, family, kind, ESS flag and withdrawal: territorial filters and the
  list of matching ids without reading the 1 KB rows (0004's index lacked the withdrawal, so the
  planner read the table for every published() filter);
- structures by id with the same columns: a narrow copy of the table that joins from full-text matches
  and memberships read instead of the rows themselves;
- memberships by kind with member, network, state and dates: the network facet without the table;
- 0004's indexes again where SQLite dropped them (IF NOT EXISTS), then fresh statistics: without
  them SQLite takes `withdrawn_at IS NULL` for a selective equality and walks 200,000 rows (the
  search's tables only).
"""

from django.db import migrations

from maillage.structures.facet_counts import create_sql, drop_sql

INDEXES = {
    "structure_published_facets_idx": (
        "structures_structure",
        "(commune_id, is_active, ess_family, kind, is_ess, withdrawn_at)",
        "INCLUDE (id)",
    ),
    "structure_narrow_idx": (
        "structures_structure",
        "(id, withdrawn_at, is_active, commune_id, ess_family, kind, is_ess)",
        "",
    ),
    "relation_kind_members_idx": (
        "structures_relation",
        "(kind, source_id, target_id, state, start_date, end_date)",
        "",
    ),
    "structure_discipline_members_idx": ("structures_structure_disciplines", "(discipline_id, structure_id)", ""),
    "relation_target_kind_idx": ("structures_relation", "(target_id, kind, end_date, source_id)", ""),
    "relation_source_kind_idx": ("structures_relation", "(source_id, kind, end_date, target_id)", ""),
}


ANALYZED = (
    "structures_structure",
    "structures_structure_disciplines",
    "structures_relation",
    "structures_facetcount",
    "territories_territorycommune",
    "territories_territory",
)


def create(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    schema_editor.execute("DROP INDEX IF EXISTS structure_commune_facets_idx")
    for name, (table, columns, include) in INDEXES.items():
        suffix = f" {include}" if include and postgresql else ""
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns}{suffix}")
    for statement in create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)
    # The search's tables only: statistics of tables empty at migration time (the observatory's values)
    # would mislead SQLite's planner once they fill up.
    for table in ANALYZED:
        schema_editor.execute(f"ANALYZE {table}")


def drop(apps, schema_editor):
    for statement in drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement)
    for name in ("structure_published_facets_idx", "structure_narrow_idx", "relation_kind_members_idx"):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("structures", "0009_distinct_pairs"),
        ("territories", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
