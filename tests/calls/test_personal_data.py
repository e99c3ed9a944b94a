"""A reviewer's personal data (exported, erased leaving the deliberation whole); applications in a merge."""

import pytest

from maillage.accounts.personal_data import SECTIONS
from maillage.calls.enums import ApplicationState
from maillage.calls.models import Assignment, CommitteeMember, Score
from maillage.calls.registrations import move_applications
from maillage.calls.reviewing import assignment_create, conflict_declare, review_submit
from tests.calls.factories import make_call, reviewer, submitted

pytestmark = pytest.mark.django_db


def test_a_reviewers_reviews_are_exported_then_erased_without_losing_the_scores() -> None:
    call, organiser = make_call()
    first, second = submitted(call), submitted(call)
    person = reviewer(call)
    assignment = assignment_create(actor=organiser, application=first, reviewer=person)
    marks = {c.pk: ("6", f"Avis sur {c.label}") for c in call.criteria.all()}
    review_submit(actor=person, assignment=assignment, expected_version=1, scores=marks)
    assignment_create(actor=organiser, application=second, reviewer=person)
    conflict_declare(actor=person, application=second, reason="Ancien bénévole")

    exported = SECTIONS["appels"].export(person)
    assert exported["comites"][0]["appel"] == call.title
    assert {e["commentaire"] for e in exported["evaluations"]} == {
        f"Avis sur {c.label}" for c in call.criteria.all()
    }
    assert exported["conflits_declares"][0]["motif"] == "Ancien bénévole"

    SECTIONS["appels"].erase(person)

    assert SECTIONS["appels"].export(person) == {"comites": [], "evaluations": [], "conflits_declares": []}
    assert not CommitteeMember.objects.filter(user=person).exists()
    assert Assignment.objects.get(pk=assignment.pk).reviewer is None
    assert Score.objects.filter(assignment=assignment).count() == 3


def test_a_merge_moves_applications_and_withdraws_the_duplicates_second_one() -> None:
    call, _ = make_call()
    kept, duplicate = submitted(call), submitted(call)
    other_call, _ = make_call(title="Autre appel")
    elsewhere = submitted(other_call, duplicate.structure)

    move_applications(keep=kept.structure, duplicate=duplicate.structure)

    duplicate.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (duplicate.structure_id, duplicate.state) == (kept.structure_id, ApplicationState.WITHDRAWN)
    assert list(duplicate.events.values_list("reason", flat=True))[-1] == "Fusion avec un doublon"
    assert (elsewhere.structure_id, elsewhere.state) == (kept.structure_id, ApplicationState.SUBMITTED)
