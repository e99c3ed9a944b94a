"""The accompaniment API: opening a case, a step with If-Match, its refusals in French, the OpenAPI."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from maillage.accompaniment.enums import Phase
from maillage.accompaniment.models import Case
from maillage.accounts.api_tokens import token_create
from tests.accompaniment.factories import consented, managed_structure, world

pytestmark = pytest.mark.django_db


def _headers(user: Any, *extra: tuple[str, str]) -> dict[str, str]:
    key = token_create(user=user, name="outil", scopes=["accompagnements:read", "accompagnements:write"]).key
    return {"Authorization": f"Bearer {key}", **dict(extra)}


def _post(headers: dict[str, str], body: object) -> Any:
    return Client().post("/api/v1/accompagnements", data=json.dumps(body), content_type="application/json",
                         headers=headers)  # fmt: skip


def _patch(case: Case, headers: dict[str, str], body: object) -> Any:
    return Client().patch(f"/api/v1/accompagnements/{case.pk}", data=json.dumps(body),
                          content_type="application/json", headers=headers)  # fmt: skip


def test_an_officer_opens_a_case_through_the_api_on_consenting_structures_only() -> None:
    """201 with the ETag for consenting structures; 400 naming the one without agreement."""
    w = world()
    ((structure, _),) = consented(w.body_a)
    headers = _headers(w.officer_a)
    created = _post(headers, {"structure_accompagnement": w.body_a.pk, "structures": [structure.slug],
                              "intitule": "Par l'outil du DLA"})  # fmt: skip
    assert created.status_code == 201, created.content
    case = Case.objects.get(title="Par l'outil du DLA")
    assert created["ETag"] == f'"{case.pk}-1"'
    refused, _ = managed_structure(name="Sans Accord")
    response = _post(
        headers, {"structure_accompagnement": w.body_a.pk, "structures": [refused.slug], "intitule": "x"}
    )
    assert response.status_code == 400
    assert "Sans Accord" in json.dumps(response.json(), ensure_ascii=False)
    body = {"structure_accompagnement": w.body_a.pk, "structures": [structure.slug], "intitule": "x"}
    stranger = _post(_headers(w.officer_b), body)
    assert stranger.status_code == 403


def test_a_step_needs_if_match_and_a_stale_one_answers_412_with_the_current_etag() -> None:
    w = world()
    headers = _headers(w.officer_a)
    assert _patch(w.case, headers, {"etape": "avancer"}).status_code == 428
    moved = _patch(w.case, {**headers, "If-Match": f'"{w.case.pk}-1"'}, {"etape": "avancer"})
    assert moved.status_code == 200
    assert moved.json()["phase"] == Phase.DIAGNOSTIC
    stale = _patch(w.case, {**headers, "If-Match": f'"{w.case.pk}-1"'}, {"etape": "avancer"})
    assert stale.status_code == 412
    assert stale["ETag"] == f'"{w.case.pk}-2"'
    diagnosed = _patch(
        w.case, {**headers, "If-Match": stale["ETag"]},
        {"etape": "diagnostic", "besoins": ["gouvernance"], "synthese": "Bilan"},
    )  # fmt: skip
    assert diagnosed.status_code == 200
    assert diagnosed.json()["besoins"] == ["gouvernance"]


@pytest.mark.parametrize(
    "body",
    [
        {"etape": "voler"},
        {"etape": "avancer", "inconnu": 1},
        {"etape": "diagnostic", "besoins": ["licorne"]},
        {"etape": "avancer", "motif_cloture": "completed"},
        "pas un objet",
    ],
)
def test_bad_bodies_answer_400_in_french(body: object) -> None:
    w = world()
    response = _patch(w.case, _headers(w.officer_a, ("If-Match", "*")), body)
    assert response.status_code == 400
    assert "detail" in response.json()


def test_unknown_or_malformed_ids_answer_4xx() -> None:
    w = world()
    headers = _headers(w.officer_a)
    assert Client().get("/api/v1/accompagnements/999999", headers=headers).status_code == 404
    assert Client().get("/api/v1/accompagnements/%D9%A1", headers=headers).status_code in (400, 404)
    assert Client().get("/api/v1/accompagnements?page=abc", headers=headers).status_code == 400


def test_the_operations_are_in_the_openapi_document() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/accompagnements"]) == {"get", "post"}
    assert set(paths["/api/v1/accompagnements/{case_id}"]) == {"get", "patch"}
    assert any(
        p["name"] == "If-Match" for p in paths["/api/v1/accompagnements/{case_id}"]["patch"]["parameters"]
    )
