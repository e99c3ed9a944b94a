"""A case moves through its phases by the services, each write checked against the version read."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from maillage.accompaniment.enums import CloseReason, Phase
from maillage.accompaniment.models import Checkpoint, Situation
from maillage.accompaniment.phases import add_months, case_advance, case_diagnose, case_open
from maillage.concurrency.versions import StaleWriteError
from maillage.memberships.enums import RoleKind
from maillage.memberships.models import RoleEvent
from tests.accompaniment.factories import (
    NEEDS,
    BodyFactory,
    consented,
    managed_structure,
    open_case,
    staff,
    to_follow_up,
    world,
)
from tests.structures.factories import KeyFigureFactory

pytestmark = pytest.mark.django_db


def test_a_case_opens_only_on_structures_whose_managers_agreed() -> None:
    """Without a manager's agreement, no case: the structure is named in the refusal."""
    body = BodyFactory.create()
    officer = staff(body)
    structure, _ = managed_structure(name="Le Zoo")
    with pytest.raises(ValidationError, match="Le Zoo"):
        case_open(body=body, beneficiaries=[structure], officer=officer, actor=officer, title="x")


def test_only_the_bodys_officers_open_a_case() -> None:
    """A manager of the structure or another body's officer cannot open a case for the body."""
    body, other = BodyFactory.create(), BodyFactory.create()
    officer, stranger = staff(body), staff(other)
    ((structure, manager),) = consented(body)
    for actor in (manager, stranger):
        with pytest.raises(PermissionDenied):
            case_open(body=body, beneficiaries=[structure], officer=officer, actor=actor, title="x")


def test_the_start_situation_comes_from_key_figures_with_their_source() -> None:
    """The FTE and budget at the start are the latest key figures, their source named."""
    body = BodyFactory.create()
    officer = staff(body)
    ((structure, _),) = consented(body)
    KeyFigureFactory.create(
        structure=structure, metric="fte", year=2024, value=Decimal(3), source_label="Rapport 2024"
    )
    KeyFigureFactory.create(
        structure=structure, metric="budget", year=2024, value=Decimal(150000), source_label="Comptes"
    )
    case = open_case(body, officer, [structure])
    situation = Situation.objects.get(case=case)
    assert (situation.employees, situation.budget) == (Decimal(3), Decimal(150000))
    assert "Rapport 2024" in situation.source
    assert "Comptes" in situation.source


def test_a_case_goes_through_every_phase_and_closes_with_a_reason() -> None:
    """Accueil → diagnostic → plan → actions → suivi → clos, checkpoints at 12 and 18 months."""
    w = world()
    case = to_follow_up(w.case, w.officer_a, on=datetime.date(2026, 1, 31))
    assert case.phase == Phase.FOLLOW_UP
    assert [(c.months, c.due_on) for c in Checkpoint.objects.filter(case=case)] == [
        (12, datetime.date(2027, 1, 31)),
        (18, datetime.date(2027, 7, 31)),
    ]
    assert (case.days_total, case.cost_total) == (Decimal(3), Decimal(1500))
    with pytest.raises(ValidationError, match="motif"):
        case_advance(case=case, actor=w.officer_a, expected_version=case.version)
    case = case_advance(case=case, actor=w.officer_a, expected_version=case.version, close_reason="completed")
    assert (case.phase, case.close_reason) == (Phase.CLOSED, CloseReason.COMPLETED)


def test_a_phase_is_not_skipped() -> None:
    """The plan waits for the diagnostic; completion waits for the follow-up."""
    w = world()
    case = case_advance(case=w.case, actor=w.officer_a, expected_version=w.case.version)
    with pytest.raises(ValidationError, match="diagnostic"):
        case_advance(case=case, actor=w.officer_a, expected_version=case.version)
    with pytest.raises(ValidationError, match="terme"):
        case_advance(case=case, actor=w.officer_a, expected_version=case.version, close_reason="completed")
    closed = case_advance(
        case=case, actor=w.officer_a, expected_version=case.version, close_reason="redirected"
    )
    assert closed.phase == Phase.CLOSED


def test_a_write_from_a_stale_version_is_refused() -> None:
    """Two officers advance the same case from the same version: the second is told, nothing written."""
    w = world()
    version = w.case.version
    case_advance(case=w.case, actor=w.officer_a, expected_version=version)
    with pytest.raises(StaleWriteError):
        case_diagnose(case=w.case, actor=w.officer_a, expected_version=version, needs=NEEDS, summary="")


def test_unknown_needs_are_refused() -> None:
    """A diagnostic names needs from the questionnaire's categories only."""
    w = world()
    case = case_advance(case=w.case, actor=w.officer_a, expected_version=w.case.version)
    with pytest.raises(ValidationError, match="questionnaire"):
        case_diagnose(
            case=case, actor=w.officer_a, expected_version=case.version, needs={"licorne": ""}, summary=""
        )


def test_a_consultant_given_an_action_is_logged_in_the_role_log() -> None:
    """Attaching a consultant to an action writes the role log, like any other role."""
    w = world()
    to_follow_up(w.case, w.officer_a, consultant=w.consultant)
    event = RoleEvent.objects.get(person=w.consultant)
    assert event.role == RoleKind.CONSULTANT
    assert event.structure == w.body_a.structure


def test_months_are_added_to_the_last_day_of_short_months() -> None:
    assert add_months(datetime.date(2026, 8, 31), 18) == datetime.date(2028, 2, 29)
