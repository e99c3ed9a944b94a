"""Concurrent assignments and decisions: the database keeps one, the others are told (10 threads)."""

import pytest
from django.core.exceptions import ValidationError

from maillage.calls.deliberation import application_decide
from maillage.calls.editing import call_edit
from maillage.calls.enums import CommitteeRole, Decision
from maillage.calls.models import Application, ApplicationEvent, Assignment, Call
from maillage.calls.reviewing import assignment_create
from maillage.concurrency.versions import StaleWriteError
from tests.calls.factories import make_call, reviewer, submitted
from tests.concurrency.conftest import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_organisers_assigning_the_same_reviewer_make_one_assignment() -> None:
    call, organiser = make_call()
    application = submitted(call)
    person = reviewer(call)

    results = race(lambda i: assignment_create(actor=organiser, application=application, reviewer=person))

    assert sum(isinstance(r, Assignment) for r in results) == 1
    refused = [r for r in results if not isinstance(r, Assignment)]
    assert all(isinstance(r, ValidationError) and "évalue déjà" in str(r) for r in refused)
    assert Assignment.objects.filter(application=application).count() == 1


def test_ten_deciders_from_the_same_version_record_one_decision() -> None:
    call, _ = make_call()
    application = submitted(call)
    chair = reviewer(call, role=CommitteeRole.CHAIR)
    version = application.version
    choices = [Decision.SELECTED, Decision.REJECTED] * 5

    results = race(
        lambda i: application_decide(
            actor=chair, application=application, expected_version=version, decision=choices[i],
            justification=f"Motif {i}",
        )
    )  # fmt: skip

    winners = [r for r in results if isinstance(r, Application)]
    assert len(winners) == 1
    assert all(isinstance(r, StaleWriteError) for r in results if r not in winners)
    stored = Application.objects.get(pk=application.pk)
    assert (stored.decision, stored.justification) == (winners[0].decision, winners[0].justification)
    assert ApplicationEvent.objects.filter(application=application, field="decision").count() == 1


def test_ten_editors_of_a_call_from_the_same_version_make_one_edit() -> None:
    call, manager = make_call()
    version = call.version

    results = race(
        lambda i: call_edit(
            actor=manager, call=Call.objects.get(pk=call.pk), expected_version=version, title=f"Titre {i}",
            criteria=[{"label": f"Critère {i}", "weight": 1, "max_score": 10}],
        )
    )  # fmt: skip

    winners = [r for r in results if isinstance(r, Call)]
    assert len(winners) == 1
    assert all(isinstance(r, StaleWriteError) for r in results if r not in winners)
    stored = Call.objects.get(pk=call.pk)
    assert stored.title == winners[0].title
    assert [c.label for c in stored.criteria.all()] == [f"Critère {winners[0].title.split()[-1]}"]
