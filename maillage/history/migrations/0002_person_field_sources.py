"""Mark as a person's the fields people changed before provenance existed, read from the history.

Without this, the first import after the upgrade would overwrite every edit made until then: a field
that a revision by a person (not an import) last changed becomes `{"kind": "person"}`.
"""

from django.db import migrations

LISTS = {"disciplines", "labels", "territories_served", "activities"}
SKIPPED = {"source", "source_id", "source_label", "source_url", "source_date", "withdrawn_at", "withdrawn_reason"}


def backfill(apps, schema_editor):
    Revision = apps.get_model("history", "Revision")
    Structure = apps.get_model("structures", "Structure")
    Field = Structure._meta
    fields = {f.name for f in Field.concrete_fields} | LISTS
    last: dict[int, dict[str, dict]] = {}
    revisions = (
        Revision.objects.filter(record_type="structure", structure__isnull=False)
        .order_by("created_at", "id")
        .values_list("structure_id", "changes", "author_id", "author_role", "via", "created_at")
    )
    for structure_id, changes, author_id, role, via, created_at in revisions.iterator(chunk_size=2000):
        by_field = last.setdefault(structure_id, {})
        is_person = via != "import" and role not in ("import", "système")
        for name in changes or {}:
            if name in fields and name not in SKIPPED:
                by_field[name] = (
                    {"kind": "person", "by": author_id, "at": created_at.date().isoformat()} if is_person else None
                )
    for structure_id, by_field in last.items():
        entries = {name: e for name, e in by_field.items() if e is not None}
        if entries:
            structure = Structure.objects.filter(pk=structure_id).only("field_sources").first()
            if structure is not None:
                structure.field_sources = {**(structure.field_sources or {}), **entries}
                structure.save(update_fields=["field_sources"])


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0001_revisions_merges_reminders"),
        ("structures", "0007_field_provenance"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
