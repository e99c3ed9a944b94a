"""What accompaniment holds about a person is exported and erased with the account; the cases stay."""

from __future__ import annotations

import pytest

from maillage.accompaniment.models import AccessLog, Case, Intervention
from maillage.accompaniment.personal_data import erase_person, export_person
from maillage.accompaniment.sharing import case_read
from maillage.accounts.personal_data import SECTIONS
from tests.accompaniment.factories import to_follow_up, world

pytestmark = pytest.mark.django_db


def test_the_export_names_the_cases_actions_agreements_and_reads_of_the_person() -> None:
    w = world()
    to_follow_up(w.case, w.officer_a, consultant=w.consultant)
    case_read(case=w.case, user=w.manager)
    assert "accompaniment" in SECTIONS
    assert [c["title"] for c in export_person(w.officer_a)["cases_as_officer"]] == [w.case.title]
    assert [a["title"] for a in export_person(w.consultant)["actions_as_consultant"]] == ["Appui gouvernance"]
    manager = export_person(w.manager)
    assert [a["structure"] for a in manager["agreements_given"]] == [w.structure.name]
    assert [r["kind"] for r in manager["reads_and_shares"]] == ["read"]


def test_the_erasure_unnames_the_person_and_keeps_the_case() -> None:
    w = world()
    to_follow_up(w.case, w.officer_a, consultant=w.consultant)
    case_read(case=w.case, user=w.manager)
    for person in (w.officer_a, w.consultant, w.manager):
        erase_person(person)
    case = Case.objects.get(pk=w.case.pk)
    assert case.officer is None
    action = Intervention.objects.get(case=case)
    assert (action.consultant, action.consultant_name) == (None, "")
    assert AccessLog.objects.get(case=case).user is None
    assert export_person(w.officer_a)["roles"] == []
