"""Build calls with their questionnaire, criteria and committee, and applications at each stage."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from maillage.calls.enums import CallStatus, CommitteeRole, QuestionKind
from maillage.calls.models import Application, Call, CommitteeMember
from maillage.calls.services import application_create, application_submit, application_update, call_create
from maillage.structures.models import Structure
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.structures.factories import StructureFactory

QUESTIONS = [
    {"label": "Décrivez le projet", "kind": QuestionKind.LONG_TEXT, "max_length": 2000},
    {"label": "Nombre de structures associées", "kind": QuestionKind.NUMBER, "min_value": 1, "max_value": 50},
    {
        "label": "Forme de la coopération",
        "kind": QuestionKind.CHOICE,
        "choices": ["PTCE", "Cluster", "Autre"],
    },
    {"label": "Avez-vous déjà été accompagnés ?", "kind": QuestionKind.YES_NO, "required": False},
]
CRITERIA = [
    {"label": "Ancrage territorial", "weight": 3, "max_score": 10},
    {"label": "Coopération", "weight": 2, "max_score": 10},
    {"label": "Modèle économique", "weight": 1, "max_score": 10},
]


def make_call(*, organiser: Structure | None = None, **fields: Any) -> tuple[Call, Any]:
    """Create a published, open call and return it with a manager of its organiser."""
    now = timezone.now()
    organiser = organiser or StructureFactory.create(name="Pôle organisateur", kind="network")
    manager = StructureMembershipFactory.create(structure=organiser, role="manager").user
    values: dict[str, Any] = {
        "summary": "Un appel pour des pôles de coopération.",
        "opens_at": now - datetime.timedelta(days=5),
        "closes_at": now + datetime.timedelta(days=20),
        "review_until": (now + datetime.timedelta(days=40)).date(),
        "decision_on": (now + datetime.timedelta(days=50)).date(),
        "status": CallStatus.PUBLISHED,
        **fields,
    }
    call = call_create(
        actor=manager,
        title=values.pop("title", "Pôles culturels de coopération"),
        organisers=[organiser],
        questions=values.pop("questions", QUESTIONS),
        criteria=values.pop("criteria", CRITERIA),
        **values,
    )
    return call, manager


def reviewer(call: Call, *, role: str = CommitteeRole.REVIEWER, structure: Structure | None = None) -> Any:
    """Seat a new person on the committee, member of `structure` (or of a structure of their own)."""
    user = UserFactory.create()
    StructureMembershipFactory.create(user=user, structure=structure or StructureFactory.create())
    CommitteeMember.objects.create(call=call, user=user, role=role)
    return user


def answers(call: Call) -> dict[str, str]:
    values = ["Un projet coopératif.", "4", "PTCE", "non"]
    return {q.key: value for q, value in zip(call.questions.all(), values, strict=False)}


def applicant(structure: Structure | None = None) -> tuple[Structure, Any]:
    structure = structure or StructureFactory.create(association=True)
    return structure, StructureMembershipFactory.create(structure=structure, role="manager").user


def submitted(call: Call, structure: Structure | None = None, *, consent: bool = False) -> Application:
    """Create, fill and submit an application for a new structure (or the one given)."""
    structure, manager = applicant(structure)
    application = application_create(
        actor=manager, call=call, structure=structure, title=f"Projet {structure.name}"
    )
    application = application_update(
        actor=manager,
        application=application,
        expected_version=application.version,
        answers=answers(call),
        consent_publication=consent,
    )
    return application_submit(actor=manager, application=application, expected_version=application.version)
