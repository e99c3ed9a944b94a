"""Load the taxonomy of artistic disciplines the directory starts with."""

from django.db import migrations

# (slug, name, parent slug): top-level disciplines first, then sub-disciplines of the spectacle vivant.
DISCIPLINES = [
    ("musique", "Musique", None),
    ("spectacle-vivant", "Spectacle vivant", None),
    ("theatre", "Théâtre", "spectacle-vivant"),
    ("danse", "Danse", "spectacle-vivant"),
    ("cirque", "Cirque", "spectacle-vivant"),
    ("arts-de-la-rue", "Arts de la rue", "spectacle-vivant"),
    ("cinema-audiovisuel", "Cinéma et audiovisuel", None),
    ("arts-visuels-numeriques", "Arts visuels et numériques", None),
    ("livre-lecture", "Livre et lecture", None),
    ("patrimoine", "Patrimoine", None),
    ("pluridisciplinaire", "Pluridisciplinaire", None),
]


def load(apps, schema_editor):
    Discipline = apps.get_model("structures", "Discipline")
    by_slug = {}
    for position, (slug, name, parent) in enumerate(DISCIPLINES, start=1):
        by_slug[slug], _ = Discipline.objects.update_or_create(
            slug=slug, defaults={"name": name, "parent": by_slug.get(parent), "position": position}
        )


def unload(apps, schema_editor):
    Discipline = apps.get_model("structures", "Discipline")
    # Children first: parents are protected while a sub-discipline points to them.
    slugs = [slug for slug, _, parent in DISCIPLINES if parent] + [slug for slug, _, parent in DISCIPLINES if not parent]
    for slug in slugs:
        Discipline.objects.filter(slug=slug).delete()


class Migration(migrations.Migration):
    dependencies = [("structures", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
