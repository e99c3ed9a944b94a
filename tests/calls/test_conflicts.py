"""Conflicts of interest: derived from the cooperation graph or declared, they block assignment and access."""

import pytest
from django.core.exceptions import ValidationError

from maillage.calls.conflicts import (
    SOURCES,
    conflict_matrix,
    conflicts_for,
    register_conflict_source,
    reviewer_conflicts,
)
from maillage.calls.reviewing import assignment_create, conflict_declare
from maillage.calls.rules import REVIEW, VIEW
from maillage.memberships.rules import can
from maillage.structures.enums import RelationKind, RelationState
from maillage.structures.models import Relation
from tests.calls.factories import make_call, reviewer, submitted
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def test_a_current_partner_cannot_be_assigned_and_the_error_names_the_relation() -> None:
    call, organiser = make_call()
    application = submitted(call, StructureFactory.create(name="Compagnie du Fil", association=True))
    theatre = StructureFactory.create(name="Théâtre des Halles")
    Relation.objects.create(source=theatre, target=application.structure, kind=RelationKind.PARTNER)
    person = reviewer(call, structure=theatre)

    with pytest.raises(ValidationError) as error:
        assignment_create(actor=organiser, application=application, reviewer=person)
    assert error.value.message_dict["reviewer"] == [
        "Conflit d'intérêts : Relation en cours dans l'annuaire : « Théâtre des Halles » — partenaire de — "
        "« Compagnie du Fil »."
    ]
    assert not can(person, VIEW, application)


def test_an_ended_or_unconfirmed_relation_is_no_conflict() -> None:
    call, organiser = make_call()
    application = submitted(call)
    ended = StructureFactory.create()
    Relation.objects.create(
        source=ended, target=application.structure, kind=RelationKind.PARTNER, end_date="2020-01-01"
    )
    declared = StructureFactory.create()
    Relation.objects.create(
        source=declared, target=application.structure, kind=RelationKind.PARTNER, state=RelationState.DECLARED
    )
    for structure in (ended, declared):
        person = reviewer(call, structure=structure)
        assignment_create(actor=organiser, application=application, reviewer=person)
        assert can(person, REVIEW, application)


def test_same_structure_and_shared_network_or_ptce_are_conflicts() -> None:
    call, _ = make_call()
    application = submitted(call)
    network = StructureFactory.create(name="Réseau Rhizome", kind="network")
    ptce = StructureFactory.create(name="Pôle Sud", kind="ptce_cluster")
    fellow, neighbour = StructureFactory.create(), StructureFactory.create()
    for member, target in ((application.structure, network), (fellow, network)):
        Relation.objects.create(source=member, target=target, kind=RelationKind.MEMBER_OF)
    for member in (application.structure, neighbour):
        Relation.objects.create(source=member, target=ptce, kind=RelationKind.MEMBER_OF)

    assert conflicts_for({application.structure_id}, application.structure_id)[0].startswith(
        "Vous appartenez à la structure candidate"
    )
    assert conflicts_for({fellow.pk}, application.structure_id) == [
        "Membres du même réseau « Réseau Rhizome » (adhésion en cours)."
    ]
    assert conflicts_for({neighbour.pk}, application.structure_id) == [
        "Membres du même PTCE « Pôle Sud » (adhésion en cours)."
    ]
    assert conflicts_for({StructureFactory.create().pk}, application.structure_id) == []


def test_the_matrix_finds_the_same_conflicts_as_the_pairs() -> None:
    call, _ = make_call()
    applications = [submitted(call) for _ in range(3)]
    partner = StructureFactory.create()
    Relation.objects.create(source=applications[1].structure, target=partner, kind=RelationKind.COPRODUCTION)
    people = {1: {partner.pk}, 2: {applications[2].structure_id}, 3: {StructureFactory.create().pk}}

    matrix = conflict_matrix(people, [a.structure_id for a in applications])

    assert set(matrix) == {(1, applications[1].structure_id), (2, applications[2].structure_id)}
    for (person, applicant_id), reasons in matrix.items():
        assert reasons == conflicts_for(people[person], applicant_id)


def test_a_self_declared_conflict_withdraws_the_assignment_and_blocks_access() -> None:
    call, organiser = make_call()
    application = submitted(call)
    person = reviewer(call)
    assignment_create(actor=organiser, application=application, reviewer=person)
    assert can(person, REVIEW, application)

    conflict_declare(actor=person, application=application, reason="Ancien salarié de la structure")

    assert not can(person, VIEW, application)
    assert reviewer_conflicts(person, application) == [
        "Conflit d'intérêts déclaré : Ancien salarié de la structure"
    ]
    assert application.assignments.get().withdrawn_reason == "Conflit d'intérêts déclaré par l'évaluateur"
    with pytest.raises(ValidationError, match="Ancien salarié"):
        assignment_create(actor=organiser, application=application, reviewer=person)


def test_other_apps_register_their_own_sources() -> None:
    call, organiser = make_call()
    application = submitted(call)
    person = reviewer(call)
    mine = set(person.memberships.values_list("structure_id", flat=True))
    register_conflict_source(
        "test_fiche", lambda ids, applicant: ["Partenaire d'une fiche initiative."] if ids & mine else []
    )
    try:
        with pytest.raises(ValidationError, match="Partenaire d'une fiche initiative"):
            assignment_create(actor=organiser, application=application, reviewer=person)
        assert conflict_matrix({person.pk: mine}, [application.structure_id]) == {
            (person.pk, application.structure_id): ["Partenaire d'une fiche initiative."]
        }
    finally:
        SOURCES.pop("test_fiche")


def test_partners_in_a_published_fiche_cannot_review_each_other_but_a_draft_is_no_conflict() -> None:
    from tests.initiatives.factories import InitiativeFactory, InitiativeStructureFactory  # noqa: PLC0415

    call, organiser = make_call()
    application = submitted(call, StructureFactory.create(name="Compagnie du Fil"))
    partner, drafted = StructureFactory.create(), StructureFactory.create()
    fiche = InitiativeFactory.create(published=True, title="Pôle de coopération du Forez")
    draft = InitiativeFactory.create(title="Projet en cours d'écriture")
    for initiative, structure in (
        (fiche, application.structure),
        (fiche, partner),
        (draft, application.structure),
    ):
        InitiativeStructureFactory.create(initiative=initiative, structure=structure)
    InitiativeStructureFactory.create(initiative=draft, structure=drafted, role="partner")

    person = reviewer(call, structure=partner)
    with pytest.raises(ValidationError) as error:
        assignment_create(actor=organiser, application=application, reviewer=person)
    assert error.value.message_dict["reviewer"] == [
        "Conflit d'intérêts : Partenaires dans la fiche d'initiative « Pôle de coopération du Forez »."
    ]
    assert not can(person, VIEW, application)
    assert conflict_matrix({person.pk: {partner.pk}}, [application.structure_id]) == {
        (person.pk, application.structure_id): [
            "Partenaires dans la fiche d'initiative « Pôle de coopération du Forez »."
        ]
    }
    other = reviewer(call, structure=drafted)
    assignment_create(actor=organiser, application=application, reviewer=other)
    assert can(other, REVIEW, application)
