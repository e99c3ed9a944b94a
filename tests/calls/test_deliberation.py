"""A full call: 130 applications, 10 reviewers, 3 reviews each, 18 selected; export and public report."""

import csv
import io
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from maillage.calls.deliberation import application_decide, decisions_publish
from maillage.calls.enums import CommitteeRole, Decision
from maillage.calls.exports import applications_csv, public_report
from maillage.calls.models import Application, Call
from maillage.calls.reviewing import assignment_create, review_submit
from maillage.calls.scores import score_table
from maillage.structures.enums import EssFamily
from tests.calls.factories import make_call, reviewer, submitted
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db

FAMILIES = [EssFamily.ASSOCIATION] * 6 + [EssFamily.COOPERATIVE_SCOP] * 3 + [EssFamily.COOPERATIVE_SCIC]


def run_call(
    capture: Any, applications: int = 130, reviewers: int = 10, selected: int = 18
) -> tuple[Call, list[Application]]:
    """Run a whole call through the services: apply, assign, review, decide, notify."""
    call, organiser = make_call()
    chair = reviewer(call, role=CommitteeRole.CHAIR)
    people = [reviewer(call) for _ in range(reviewers)]
    criteria = list(call.criteria.all())
    made = []
    for n in range(applications):
        structure = StructureFactory.create(name=f"Candidat {n:03d}", ess_family=FAMILIES[n % len(FAMILIES)])
        made.append(submitted(call, structure, consent=n % 3 != 0))
    for n, application in enumerate(made):
        for k in range(3):
            person = people[(n + k) % reviewers]
            assignment = assignment_create(actor=organiser, application=application, reviewer=person)
            marks = {
                c.pk: (str((n * 7 + k * 3 + i) % (c.max_score + 1)), f"Avis {k} sur {c.label}")
                for i, c in enumerate(criteria)
            }
            review_submit(actor=person, assignment=assignment, expected_version=1, scores=marks)
    table = score_table(call)
    ranked = sorted(made, key=lambda a: (-(table[a.pk].mean or 0), a.pk))
    for rank, application in enumerate(ranked):
        chosen = rank < selected
        application_decide(
            actor=chair,
            application=application,
            expected_version=Application.objects.get(pk=application.pk).version,
            decision=Decision.SELECTED if chosen else Decision.REJECTED,
            justification=f"Rang {rank + 1} après délibération.",
        )
    with capture(execute=True):
        decisions_publish(actor=chair, call=Call.objects.get(pk=call.pk), expected_version=call.version)
    return call, made


def test_a_whole_call_exports_every_application_and_reports_in_public(
    django_capture_on_commit_callbacks: Any,
) -> None:
    call, _made = run_call(django_capture_on_commit_callbacks)

    rows = list(csv.reader(io.StringIO("".join(applications_csv(call)).lstrip("\ufeff")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(body) == 130
    assert header[7:10] == [
        "Ancrage territorial (moyenne sur 10, poids 3)",
        "Coopération (moyenne sur 10, poids 2)",
        "Modèle économique (moyenne sur 10, poids 1)",
    ]
    assert header[10:] == [
        "évaluations rendues", "note moyenne sur 20", "écart entre évaluateurs", "décision", "motivation"
    ]  # fmt: skip
    assert {row[10] for row in body} == {"3"}
    assert all(row[11] and row[12] for row in body)
    assert sum(row[13] == "Retenue" for row in body) == 18
    assert sum(row[13] == "Non retenue" for row in body) == 112
    assert all(row[14].startswith("Rang ") for row in body)

    report = public_report(call)
    families = {label: (applied, chosen) for label, applied, chosen in report.tables[2].rows}
    assert families["Total"][0] == 130
    assert families["Association"][0] == 78
    selected = Application.objects.filter(call=call, decision=Decision.SELECTED)
    assert report.selected_total == 18
    assert [a.pk for a in report.selected] == [
        a.pk for a in sorted(selected.filter(consent_publication=True), key=lambda a: a.title)
    ]
    # One notice per applicant's manager, sent by the background task after the commit.
    assert len([m for m in mail.outbox if "décision" in m.subject]) == 130
    receipt = selected.values_list("receipt", flat=True)[0]
    assert "Retenue" in next(str(m.body) for m in mail.outbox if receipt in str(m.body))


def test_statistical_secrecy_masks_small_counts_and_their_complement() -> None:
    call, _ = make_call()
    chair = reviewer(call, role=CommitteeRole.CHAIR)
    made = [submitted(call, StructureFactory.create(ess_family=EssFamily.ASSOCIATION)) for _ in range(8)]
    made += [
        submitted(call, StructureFactory.create(ess_family=EssFamily.COOPERATIVE_SCOP)) for _ in range(2)
    ]
    for application in made:
        application_decide(
            actor=chair, application=application, expected_version=application.version,
            decision=Decision.REJECTED, justification="Hors cadre.",
        )  # fmt: skip

    rows = {label: applied for label, applied, _ in public_report(call).tables[2].rows}

    assert rows == {"Association": None, "Coopérative : SCOP": None, "Total": 10}


def test_a_decision_needs_a_justification_and_the_deliberation_every_decision() -> None:
    call, _ = make_call()
    chair = reviewer(call, role=CommitteeRole.CHAIR)
    application = submitted(call)
    with pytest.raises(ValidationError, match="Motivez la décision"):
        application_decide(
            actor=chair, application=application, expected_version=application.version,
            decision=Decision.SELECTED, justification=" ",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="attendent encore une décision"):
        decisions_publish(actor=chair, call=call, expected_version=call.version)
    assert mail.outbox == [] or all("décision" not in m.subject for m in mail.outbox)
