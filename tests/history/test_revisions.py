"""Every write to a record leaves a revision: who, as what, when, which fields, the values before."""

import datetime

from django.utils import timezone

from maillage.accounts.models import User
from maillage.history.models import Revision
from maillage.structures.enums import Metric, RelationKind
from maillage.structures.models import Discipline, Structure
from maillage.structures.relation_services import (
    key_figure_delete,
    key_figure_set,
    relation_create,
    relation_delete,
)
from maillage.structures.services import structure_update
from tests.structures.factories import StructureFactory


def test_a_members_change_records_who_what_when_and_the_old_values(le_fil: Structure, member: User) -> None:
    before = timezone.now()

    structure_update(
        structure=le_fil, actor=member, comment="Nouveau site", website="https://le-fil.example.org"
    )

    revision = Revision.objects.filter(structure=le_fil).first()
    assert revision is not None
    assert revision.action == "update"
    assert revision.author == member
    assert revision.author_role == "membre"
    assert revision.via == "direct"
    assert revision.comment == "Nouveau site"
    assert revision.changes == {
        "website": {"old": "https://lefil.example.org", "new": "https://le-fil.example.org"}
    }
    assert revision.created_at >= before


def test_an_update_that_changes_nothing_records_nothing(le_fil: Structure, member: User) -> None:
    count = Revision.objects.count()

    structure_update(structure=le_fil, actor=member, website="https://lefil.example.org")

    assert Revision.objects.count() == count


def test_an_import_is_recorded_as_such_and_confirms_nothing(le_fil: Structure) -> None:
    creation = Revision.objects.get(structure=le_fil)
    assert creation.action == "create"
    assert (creation.author, creation.author_role, creation.via) == (None, "import", "import")
    assert creation.changes["name"] == {"old": None, "new": "Le Fil"}

    structure_update(structure=le_fil, phone="04 77 34 46 40")

    le_fil.refresh_from_db()
    assert le_fil.confirmed_at is None


def test_a_persons_edit_confirms_the_record(le_fil: Structure, member: User) -> None:
    structure_update(structure=le_fil, actor=member, phone="04 77 34 46 40")

    le_fil.refresh_from_db()
    assert le_fil.confirmed_at is not None
    assert timezone.now() - le_fil.confirmed_at < datetime.timedelta(minutes=1)


def test_lists_and_foreign_keys_are_recorded_with_readable_values(le_fil: Structure, member: User) -> None:
    musique = Discipline.objects.get(slug="musique")
    parent = StructureFactory.create(name="Association Le Fil")

    structure_update(structure=le_fil, actor=member, disciplines=[musique], parent=parent)

    changes = Revision.objects.filter(structure=le_fil).first().changes  # type: ignore[union-attr]
    assert changes["disciplines"] == {"old": [], "new": ["musique"]}
    assert changes["parent"] == {"old": None, "new": parent.pk, "old_label": "", "new_label": parent.name}


def test_a_coordinator_is_recorded_as_territorial_coordination(le_fil: Structure, coordinator: User) -> None:
    structure_update(structure=le_fil, actor=coordinator, acronym="FIL")

    assert Revision.objects.filter(structure=le_fil).first().author_role == "coordination territoriale"  # type: ignore[union-attr]


def test_relations_and_figures_are_recorded_in_the_history_of_the_structure_declaring_them(
    le_fil: Structure, member: User
) -> None:
    network = StructureFactory.create(name="Fédurok", network=True)

    relation = relation_create(source=le_fil, kind=RelationKind.MEMBER_OF, target=network, actor=member)
    figure = key_figure_set(structure=le_fil, year=2022, metric=Metric.BUDGET, value=1000, actor=member)
    key_figure_set(structure=le_fil, year=2022, metric=Metric.BUDGET, value="1000.00", actor=member)
    key_figure_set(structure=le_fil, year=2022, metric=Metric.BUDGET, value=1200, actor=member)
    relation_delete(relation=relation, actor=member)
    key_figure_delete(figure=figure, actor=member)

    revisions = list(Revision.objects.filter(structure=le_fil, author=member).order_by("id"))
    assert [(r.record_type, r.action) for r in revisions] == [
        ("relation", "create"),
        ("key_figure", "create"),
        ("key_figure", "update"),
        ("relation", "delete"),
        ("key_figure", "delete"),
    ]
    assert revisions[2].changes == {"value": {"old": "1000", "new": "1200"}}
    assert revisions[3].changes["target"]["old_label"] == "Fédurok"
    assert not Revision.objects.filter(structure=network).exists()
