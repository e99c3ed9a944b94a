"""Relations between structures, collective acts, key figures, and the reads that gather them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from pytest_django import DjangoAssertNumQueries

from maillage.structures.dates import partial_date
from maillage.structures.enums import DatePrecision, Metric, RelationKind
from maillage.structures.models import Discipline, KeyFigure, Relation
from maillage.structures.relation_services import key_figure_set, relation_create, relation_update
from maillage.structures.selectors import (
    joint_act_participants,
    structure_get,
    structure_list,
    structure_members,
    structure_relations,
)
from maillage.structures.services import structure_create
from tests.structures.factories import KeyFigureFactory, RelationFactory, StructureFactory

pytestmark = pytest.mark.django_db


def test_a_member_is_listed_among_the_members() -> None:
    cluster, member, other = StructureFactory.create_batch(3)
    start, precision = partial_date(2010, 10)

    relation_create(
        source=member, kind=RelationKind.MEMBER_OF, target=cluster, start_date=start, date_precision=precision
    )

    assert list(structure_members(cluster)) == [member]
    assert list(structure_members(other)) == []


def test_relations_are_read_from_both_ends() -> None:
    a, b = StructureFactory.create_batch(2)
    relation = relation_create(source=a, kind=RelationKind.POOLING_PREMISES, target=b)

    assert list(structure_relations(a)) == [relation]
    assert list(structure_relations(b)) == [relation]


def test_a_structure_cannot_be_related_to_itself() -> None:
    structure = StructureFactory.create()

    with pytest.raises(ValidationError) as refused:
        relation_create(source=structure, kind=RelationKind.PARTNER, target=structure)

    assert "elle-même" in refused.value.message_dict["target"][0]


def test_the_database_refuses_a_relation_to_itself_too() -> None:
    structure = StructureFactory.create()

    with pytest.raises(IntegrityError):
        Relation.objects.create(source=structure, kind=RelationKind.PARTNER, target=structure)


def test_a_relation_between_structures_needs_its_target() -> None:
    with pytest.raises(ValidationError) as refused:
        relation_create(source=StructureFactory.create(), kind=RelationKind.MEMBER_OF)

    assert "target" in refused.value.message_dict


def test_a_signature_names_its_convention_and_no_structure() -> None:
    source, target = StructureFactory.create_batch(2)

    with pytest.raises(ValidationError) as refused:
        relation_create(source=source, kind=RelationKind.SIGNATORY_OF, target=target)

    assert set(refused.value.message_dict) == {"joint_act", "target"}


def test_co_signatories_are_those_of_the_same_act_and_date() -> None:
    signed_on = datetime.date(2015, 1, 13)
    convention = "Convention de coopération"
    signatories = StructureFactory.create_batch(4)
    relations = [
        relation_create(source=s, kind=RelationKind.SIGNATORY_OF, joint_act=convention, start_date=signed_on)
        for s in signatories
    ]
    # The same title signed another day is another act.
    relation_create(
        source=StructureFactory.create(),
        kind=RelationKind.SIGNATORY_OF,
        joint_act=convention,
        start_date=datetime.date(2020, 1, 1),
    )

    participants = joint_act_participants(relations[0])

    assert {r.source for r in participants} == set(signatories)


def test_an_end_before_the_start_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        relation_create(
            source=StructureFactory.create(),
            kind=RelationKind.PARTNER,
            target=StructureFactory.create(),
            start_date=datetime.date(2012, 3, 21),
            end_date=datetime.date(2012, 3, 20),
        )

    assert "end_date" in refused.value.message_dict


def test_an_update_is_validated_as_a_creation() -> None:
    relation = RelationFactory.create()

    with pytest.raises(ValidationError):
        relation_update(relation=relation, target=relation.source)


@pytest.mark.parametrize(
    ("start", "end", "precision", "shown"),
    [
        (datetime.date(2010, 10, 1), None, DatePrecision.MONTH, "octobre 2010"),
        (datetime.date(2012, 1, 1), None, DatePrecision.YEAR, "2012"),
        (
            datetime.date(2012, 3, 20),
            datetime.date(2012, 3, 21),
            DatePrecision.DAY,
            "du 20 mars 2012 au 21 mars 2012",
        ),
        (None, None, DatePrecision.DAY, ""),
    ],
)
def test_dates_show_only_the_precision_the_source_gives(
    start: datetime.date | None, end: datetime.date | None, precision: str, shown: str
) -> None:
    relation = RelationFactory.build(start_date=start, end_date=end, date_precision=precision)

    assert relation.period_display() == shown


def test_a_source_restating_a_figure_replaces_it_and_another_source_adds_one() -> None:
    structure = StructureFactory.create()
    key_figure_set(structure=structure, year=2015, metric=Metric.EMPLOYEES, value=48, source_label="Fiche A")

    figure = key_figure_set(
        structure=structure, year=2015, metric=Metric.EMPLOYEES, value=50, source_label="Fiche A"
    )
    key_figure_set(
        structure=structure, year=2015, metric=Metric.EMPLOYEES, value=52, source_label="Rapport B"
    )

    assert figure.value == Decimal(50)
    assert sorted(KeyFigure.objects.values_list("source_label", "value")) == [
        ("Fiche A", Decimal(50)),
        ("Rapport B", Decimal(52)),
    ]


def test_a_qualifier_marks_the_figure_approximate_and_reads_naturally() -> None:
    structure = StructureFactory.create()

    turnover = key_figure_set(
        structure=structure, year=2015, metric=Metric.TURNOVER, value=3_000_000, qualifier="plus de"
    )
    members = key_figure_set(
        structure=structure, year=2010, metric=Metric.STRUCTURES_MEMBERS, value=15, qualifier="une quinzaine"
    )

    assert turnover.is_approximate
    assert turnover.value_display().replace("\u202f", " ").replace("\xa0", " ") == "plus de 3 000 000 €"
    assert members.value_display() == "une quinzaine (15)"


def test_a_negative_figure_is_refused() -> None:
    with pytest.raises(ValidationError):
        key_figure_set(structure=StructureFactory.create(), year=2015, metric=Metric.VOLUNTEERS, value=-3)


def test_a_structure_page_is_read_in_a_bounded_number_of_queries(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    cluster = structure_create(name="Culture et Coopération")
    KeyFigureFactory.create_batch(3, structure=cluster)
    for member in StructureFactory.create_batch(5):
        RelationFactory.create(source=member, kind=RelationKind.MEMBER_OF, target=cluster)

    # The structure (commune, département, région, parent joined), six prefetched lists, the relations.
    with django_assert_max_num_queries(8):
        structure = structure_get(cluster.slug)
        list(structure.disciplines.all())
        list(structure.key_figures.all())
        list(structure_relations(structure))


def test_a_list_of_structures_is_read_in_a_constant_number_of_queries(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    musique = Discipline.objects.get(slug="musique")
    for _ in range(10):
        structure_create(name="Lieu", disciplines=[musique], activities=["venue"])

    # The structures (commune joined), their disciplines (parent joined), their activities.
    with django_assert_num_queries(3):
        rows = [
            (s.commune, [d.parent for d in s.disciplines.all()], list(s.activities.all()))
            for s in structure_list()
        ]

    assert len(rows) == 10
