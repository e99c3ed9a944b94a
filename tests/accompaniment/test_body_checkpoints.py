"""A body's officers set when its checkpoints fall due; a stale form answers 409 with the other change."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.accompaniment.phases import case_advance, case_diagnose
from tests.accompaniment.factories import NEEDS, staff, world

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_sets_the_months_and_the_next_diagnostic_follows_them() -> None:
    w = world()
    url = reverse("accompaniment:body_checkpoints", args=[w.body_a.pk])
    client = _client(w.officer_a)
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="12, 18"' in page.content.decode()
    response = client.post(url, {"version": w.body_a.version, "months": "24, 6, 12"})
    assert response.status_code == 302
    w.body_a.refresh_from_db()
    assert w.body_a.checkpoint_months == [6, 12, 24]
    case = case_advance(case=w.case, actor=w.officer_a, expected_version=w.case.version)
    case_diagnose(case=case, actor=w.officer_a, expected_version=case.version, needs=NEEDS, summary="Bilan")
    assert list(case.checkpoints.values_list("months", flat=True)) == [6, 12, 24]


def test_others_may_not_set_them() -> None:
    w = world()
    url = reverse("accompaniment:body_checkpoints", args=[w.body_a.pk])
    for person in (w.officer_b, w.centre_staff, w.manager, w.stranger):
        assert _client(person).get(url).status_code == 403
        assert _client(person).post(url, {"version": 1, "months": "6"}).status_code == 403
    w.body_a.refresh_from_db()
    assert w.body_a.checkpoint_months == [12, 18]


def test_a_stale_form_answers_409_with_the_other_change_shown() -> None:
    w = world()
    colleague = staff(w.body_a)
    url = reverse("accompaniment:body_checkpoints", args=[w.body_a.pk])
    read_version = w.body_a.version
    assert _client(colleague).post(url, {"version": read_version, "months": "6, 9"}).status_code == 302
    response = _client(w.officer_a).post(url, {"version": read_version, "months": "24"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "modifiée par quelqu&#x27;un d&#x27;autre" in page
    assert '<strong class="conflict-current">6, 9</strong>' in page
    w.body_a.refresh_from_db()
    assert w.body_a.checkpoint_months == [6, 9]


@pytest.mark.parametrize(
    ("months", "message"),
    [
        ("douze", "chiffres de 0 à 9"),
        ("0, 18", "De 1 à 6 points"),
        ("٣", "chiffres de 0 à 9"),
        ("1,2,3,4,5,6,7", "De 1 à 6 points"),
    ],
)
def test_bad_months_answer_400_in_french(months: str, message: str) -> None:
    w = world()
    url = reverse("accompaniment:body_checkpoints", args=[w.body_a.pk])
    response = _client(w.officer_a).post(url, {"version": w.body_a.version, "months": months})
    assert response.status_code == 400
    assert message in response.content.decode()
