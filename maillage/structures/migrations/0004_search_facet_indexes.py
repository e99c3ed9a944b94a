"""Covering indexes for the directory's facets and filters (issue 3, see docs/benchmarks.md).

Structures carry long texts (search_document, search_text, description): a row weighs about 1 KB, so any
facet that reads the table itself reads 200 MB for 200,000 structures. These indexes hold the few
columns filters and facets need, so counting walks a few MB instead:

- structures by commune with their state, family, kind and ESS flag: the territory facet (counts per
  commune, then up to régions or départements), territorial filters, and a slim full scan for the
  family/kind/ESS facet;
- disciplines by discipline, with the structure: the discipline filter without reading the link table;
- memberships by network and by member: the network filter and the network facet.

None of them starts with a column of few values (state, family, kind): without statistics, SQLite's
planner takes any equality on an index's first column for a selective one, and would walk 190,000 active
structures through such an index to serve a page of 20.

They are created in SQL, like the full-text index of 0003, because the models do not declare them (they
serve the search core, not the domain). PostgreSQL gets the structure's id as an included column so that
every facet is an index-only scan.
"""

from django.db import migrations

INDEXES = {
    "structure_commune_facets_idx": (
        "structures_structure",
        "(commune_id, is_active, ess_family, kind, is_ess)",
        "INCLUDE (id)",
    ),
    "structure_discipline_members_idx": (
        "structures_structure_disciplines",
        "(discipline_id, structure_id)",
        "",
    ),
    "relation_target_kind_idx": (
        "structures_relation",
        "(target_id, kind, end_date, source_id)",
        "",
    ),
    "relation_source_kind_idx": (
        "structures_relation",
        "(source_id, kind, end_date, target_id)",
        "",
    ),
}


def create_indexes(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for name, (table, columns, include) in INDEXES.items():
        suffix = f" {include}" if include and postgresql else ""
        schema_editor.execute(f"CREATE INDEX {name} ON {table} {columns}{suffix}")
    if postgresql:
        # Fresh statistics: the planner then knows that most structures are active.
        schema_editor.execute("ANALYZE structures_structure")


def drop_indexes(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("structures", "0003_search_index")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
