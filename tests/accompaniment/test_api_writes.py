"""The API of a case's later phases: POST an action, GET and PATCH a checkpoint, conditional on If-Match."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from ninja.responses import NinjaJSONEncoder

from maillage.accompaniment.models import Case, Checkpoint, Intervention, Situation
from maillage.accompaniment.phases import case_advance, case_diagnose, case_plan
from maillage.accounts.api_tokens import token_create
from maillage.api.router import api
from tests.accompaniment.factories import NEEDS, World, consented, to_follow_up, world

pytestmark = pytest.mark.django_db
WRITE = ["accompagnements:read", "accompagnements:write"]


def _key(user: Any, scopes: list[str] = WRITE) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_create(user=user, name='outil', scopes=scopes).key}"}


def _to_plan(w: World) -> Case:
    case = case_advance(case=w.case, actor=w.officer_a, expected_version=w.case.version)
    case = case_diagnose(case=case, actor=w.officer_a, expected_version=case.version, needs=NEEDS, summary="")
    case = case_advance(case=case, actor=w.officer_a, expected_version=case.version)
    return case_plan(
        case=case, actor=w.officer_a, expected_version=case.version, objectives="Structurer", budget=None,
        scheme_ids=[],
    )  # fmt: skip


def _send(method: str, url: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    call = getattr(Client(), method)
    return call(url, data=json.dumps(body), content_type="application/json", headers=headers)


ACTION = {
    "intitule": "Atelier collectif",
    "debut": "2026-03-02",
    "fin": "2026-03-20",
    "jours": "4.5",
    "cout": "2000.00",
    "prestataire_nom": "Cabinet Exemple",
}


def test_an_officer_adds_a_collective_action_against_the_case_etag() -> None:
    w = world()
    case = _to_plan(w)
    other = consented(w.body_a)[0][0]
    case.beneficiaries.add(other)
    headers = _key(w.officer_a)
    url = f"/api/v1/accompagnements/{case.pk}/actions"
    body = {
        **ACTION,
        "structures": [w.structure.slug, other.slug],
        "prestataire_courriel": w.consultant.email,
    }
    assert _send("post", url, body, headers).status_code == 428
    stale = _send("post", url, body, {**headers, "If-Match": f'"{case.pk}-{case.version - 1}"'})
    assert stale.status_code == 412
    assert stale["ETag"] == f'"{case.pk}-{case.version}"'
    created = _send("post", url, body, {**headers, "If-Match": f'"{case.pk}-{case.version}"'})
    assert created.status_code == 201, created.content
    assert created.json()["collective"] is True
    assert sorted(created.json()["structures"]) == sorted([w.structure.slug, other.slug])
    case.refresh_from_db()
    assert created["ETag"] == f'"{case.pk}-{case.version}"'
    assert str(case.days_total) == "4.5"
    action = Intervention.objects.get(case=case)
    assert action.consultant == w.consultant
    # The same ETag again: the case moved on, 412.
    again = _send("post", url, body, {**headers, "If-Match": f'"{case.pk}-{case.version - 1}"'})
    assert again.status_code == 412


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"structures": ["autre-structure"]}, "structures"),
        ({"prestataire_courriel": "personne@example.org"}, "prestataire_courriel"),
        ({"fin": "2026-03-01"}, "ends_on"),
    ],
)
def test_a_bad_action_answers_400_in_french(change: dict[str, Any], field: str) -> None:
    w = world()
    case = _to_plan(w)
    body = {**ACTION, "structures": [w.structure.slug], **change}
    response = _send(
        "post", f"/api/v1/accompagnements/{case.pk}/actions", body,
        {**_key(w.officer_a), "If-Match": f'"{case.pk}-{case.version}"'},
    )  # fmt: skip
    assert response.status_code == 400
    assert field in response.json()["erreurs"]
    assert not Intervention.objects.exists()


def test_only_the_body_officers_add_an_action() -> None:
    w = world()
    case = _to_plan(w)
    url = f"/api/v1/accompagnements/{case.pk}/actions"
    body = {**ACTION, "structures": [w.structure.slug]}
    match = {"If-Match": f'"{case.pk}-{case.version}"'}
    assert _send("post", url, body, match).status_code == 401
    for person in (w.officer_b, w.manager, w.consultant, w.centre_staff):
        assert _send("post", url, body, {**_key(person), **match}).status_code == 403
    read_only = _key(w.officer_a, ["accompagnements:read"])
    assert _send("post", url, body, {**read_only, **match}).status_code == 403
    assert not Intervention.objects.exists()


def test_a_checkpoint_is_recorded_against_its_own_etag() -> None:
    w = world()
    case = to_follow_up(w.case, w.officer_a, consultant=w.consultant)
    headers = _key(w.officer_a)
    listed = Client().get(f"/api/v1/accompagnements/{case.pk}", headers=headers).json()["suivis"]
    assert [c["mois"] for c in listed] == [12, 18]
    url = f"/api/v1/accompagnements/points-de-suivi/{listed[0]['id']}"
    read = Client().get(url, headers=headers)
    assert read.status_code == 200
    etag = read["ETag"]
    body = {
        "constat": "Bureau renouvelé",
        "fait_le": "2027-03-04",
        "situations": [{"structure": w.structure.slug, "emplois": "2.5", "budget": "180000"}],
    }
    assert _send("patch", url, body, headers).status_code == 428
    done = _send("patch", url, body, {**headers, "If-Match": etag})
    assert done.status_code == 200, done.content
    assert done.json()["fait_le"] == "2027-03-04"
    assert done["ETag"] != etag
    checkpoint = Checkpoint.objects.get(pk=listed[0]["id"])
    assert checkpoint.note == "Bureau renouvelé"
    situation = Situation.objects.get(checkpoint=checkpoint)
    assert (str(situation.employees), str(situation.budget)) == ("2.5", "180000.00")
    stale = _send("patch", url, body, {**headers, "If-Match": etag})
    assert stale.status_code == 412
    assert stale["ETag"] == done["ETag"]
    foreign = {**body, "situations": [{"structure": "ailleurs", "emplois": "1"}]}
    assert _send("patch", url, foreign, {**headers, "If-Match": done["ETag"]}).status_code == 400
    # Readers of the case read the point, without its note unless they read the diagnostic; others, 403.
    assert Client().get(url, headers=_key(w.manager)).json()["constat"] == "Bureau renouvelé"
    assert Client().get(url, headers=_key(w.officer_b)).status_code == 403
    assert _send("patch", url, body, {**_key(w.consultant), "If-Match": done["ETag"]}).status_code == 403


def test_a_checkpoint_before_the_follow_up_is_refused_with_400() -> None:
    w = world()
    case = _to_plan(w)
    checkpoint = case.checkpoints.first()
    assert checkpoint is not None
    response = _send(
        "patch", f"/api/v1/accompagnements/points-de-suivi/{checkpoint.pk}", {"constat": "Trop tôt"},
        {**_key(w.officer_a), "If-Match": f'"{checkpoint.pk}-{checkpoint.version}"'},
    )  # fmt: skip
    assert response.status_code == 400
    assert "phase de suivi" in json.dumps(response.json(), ensure_ascii=False)


OPERATIONS = [
    ("post", "/api/v1/accompagnements/{case_id}/actions", "201"),
    ("get", "/api/v1/accompagnements/points-de-suivi/{checkpoint_id}", "200"),
    ("patch", "/api/v1/accompagnements/points-de-suivi/{checkpoint_id}", "200"),
]


def _has_example(node: Any, schemas: dict[str, Any]) -> bool:
    if isinstance(node, dict):
        if "example" in node or "examples" in node:
            return True
        if "$ref" in node:
            return _has_example(schemas[node["$ref"].rsplit("/", 1)[-1]], schemas)
        return any(_has_example(v, schemas) for v in node.values())
    if isinstance(node, list):
        return any(_has_example(v, schemas) for v in node)
    return False


@pytest.mark.parametrize(("method", "path", "success"), OPERATIONS)
def test_each_operation_is_described_with_examples(method: str, path: str, success: str) -> None:
    openapi = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), cls=NinjaJSONEncoder))
    operation = openapi["paths"][path][method]
    schemas = openapi["components"]["schemas"]
    assert operation["summary"]
    assert operation["description"]
    assert _has_example(operation["responses"][success], schemas)
    assert "ETag" in operation["responses"][success]["headers"]
    if method != "get":
        assert any(p["name"] == "If-Match" and p["required"] for p in operation["parameters"])
        assert {"400", "401", "403", "404", "412", "428"} <= set(operation["responses"])
        assert _has_example(operation["requestBody"], schemas)
