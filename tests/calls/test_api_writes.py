"""The calls' API writes (`appels:write`): apply (draft, edit, submit) and review, If-Match, who may."""

import json
from typing import Any

import pytest
from django.test import Client
from ninja.responses import NinjaJSONEncoder

from maillage.accounts.api_tokens import token_create
from maillage.api.router import api
from maillage.calls.content import content_hash
from maillage.calls.enums import ApplicationState
from maillage.calls.models import Application, Score
from maillage.calls.reviewing import assignment_create, conflict_declare
from maillage.calls.services import application_update
from maillage.structures.enums import RelationKind
from maillage.structures.models import Relation
from tests.api.test_openapi_examples import _has_example
from tests.calls.factories import answers, applicant, make_call, reviewer, submitted

pytestmark = pytest.mark.django_db


def key(user: Any, scope: str = "appels:write") -> dict[str, str]:
    return {"Authorization": f"Bearer {token_create(user=user, name='script', scopes=[scope]).key}"}


def send(client: Client, method: str, url: str, headers: dict[str, str], body: Any = None) -> Any:
    return getattr(client, method)(
        url, data=json.dumps(body or {}), content_type="application/json", headers=headers
    )


def test_a_manager_opens_edits_and_submits_an_application_through_the_api(client: Client) -> None:
    call, _ = make_call()
    structure, manager = applicant()
    headers = key(manager)
    opened = send(
        client, "post", f"/api/v1/appels/{call.slug}/candidatures", headers, {"structure": structure.slug}
    )
    assert opened.status_code == 201, opened.content
    draft = opened.json()
    assert (draft["etat"], draft["titre"]) == (ApplicationState.DRAFT, structure.name)
    url = f"/api/v1/appels/candidatures/{draft['id']}"
    first_tag = opened["ETag"]

    missing = send(client, "patch", url, headers, {"titre": "Pôle"})
    assert missing.status_code == 428
    wrong = send(client, "patch", url, {**headers, "If-Match": "nimporte"}, {"titre": "Pôle"})
    assert wrong.status_code == 412
    refused = send(
        client,
        "patch",
        url,
        {**headers, "If-Match": first_tag},
        {"reponses": {call.questions.all()[1].key: "beaucoup"}},
    )
    assert refused.status_code == 400
    assert "chiffres" in refused.json()["erreurs"][call.questions.all()[1].key][0]
    saved = send(
        client, "patch", url, {**headers, "If-Match": first_tag},
        {"titre": "Pôle de coopération", "reponses": answers(call), "consentement_publication": True},
    )  # fmt: skip
    assert saved.status_code == 200, saved.content
    assert saved.json()["titre"] == "Pôle de coopération"
    # The other tab still holds the first version: its write is refused, the current ETag given.
    stale = send(client, "patch", url, {**headers, "If-Match": first_tag}, {"titre": "Écrasé"})
    assert stale.status_code == 412
    assert stale["ETag"] == saved["ETag"]

    deposited = send(client, "post", f"{url}/depot", {**headers, "If-Match": saved["ETag"]})
    assert deposited.status_code == 200, deposited.content
    application = Application.objects.get(pk=draft["id"])
    assert deposited.json()["etat"] == ApplicationState.SUBMITTED
    assert deposited.json()["empreinte_sha256"] == application.content_hash == content_hash(application)
    assert deposited.json()["accuse_de_reception"] == application.receipt
    frozen = send(client, "patch", url, {**headers, "If-Match": deposited["ETag"]}, {"titre": "Après coup"})
    assert frozen.status_code == 400
    assert "déposée" in json.dumps(frozen.json(), ensure_ascii=False)
    assert Application.objects.get(pk=draft["id"]).title == "Pôle de coopération"


def test_opening_refuses_what_the_page_refuses(client: Client) -> None:
    call, _ = make_call()
    structure, manager = applicant()
    other, _ = applicant()
    url = f"/api/v1/appels/{call.slug}/candidatures"
    assert send(client, "post", url, {}, {"structure": structure.slug}).status_code == 401
    assert (
        send(client, "post", url, key(manager, "appels:read"), {"structure": structure.slug}).status_code
        == 403
    )
    assert send(client, "post", url, key(manager), {"structure": other.slug}).status_code == 403
    assert send(client, "post", url, key(manager), {"structure": "inconnue"}).status_code == 404
    assert (
        send(
            client, "post", "/api/v1/appels/inconnu/candidatures", key(manager), {"structure": structure.slug}
        ).status_code
        == 404
    )
    assert send(client, "post", url, key(manager), {"structure": structure.slug}).status_code == 201
    twice = send(client, "post", url, key(manager), {"structure": structure.slug})
    assert twice.status_code == 400
    assert "déjà une candidature" in json.dumps(twice.json(), ensure_ascii=False)


def test_a_reviewer_scores_through_the_api_with_if_match(client: Client) -> None:
    call, organiser = make_call()
    application = submitted(call)
    person = reviewer(call)
    assignment_create(actor=organiser, application=application, reviewer=person)
    criteria = list(call.criteria.all())
    headers = key(person)
    url = f"/api/v1/appels/candidatures/{application.pk}/evaluation"
    read = client.get(url, headers=headers)
    assert read.status_code == 200
    assert [n["note"] for n in read.json()["notes"]] == [None, None, None]
    body = {"notes": [{"critere": c.pk, "note": 7, "commentaire": f"Sur {c.label}"} for c in criteria]}

    assert send(client, "put", url, headers, body).status_code == 428
    over = {"notes": [{**n, "note": 11} for n in body["notes"]]}
    refused = send(client, "put", url, {**headers, "If-Match": read["ETag"]}, over)
    assert refused.status_code == 400
    assert set(refused.json()["erreurs"]) == {f"notes.{c.pk}" for c in criteria}
    given = send(client, "put", url, {**headers, "If-Match": read["ETag"]}, body)
    assert given.status_code == 200, given.content
    assert [n["note"] for n in given.json()["notes"]] == [7, 7, 7]
    assert given.json()["rendue_le"] is not None
    assert Score.objects.filter(assignment__reviewer=person, value=7).count() == 3
    stale = send(client, "put", url, {**headers, "If-Match": read["ETag"]}, body)
    assert stale.status_code == 412
    assert stale["ETag"] == given["ETag"]


# The permission matrix of the writes: who may open, edit, submit, review (expected status per role).
ROLES = ("no key", "read-only key", "applicant manager", "other manager", "organiser", "assigned reviewer")
MATRIX = {
    "edit": (401, 403, 200, 403, 403, 403),
    "submit": (401, 403, 200, 403, 403, 403),
    "review": (401, 403, 403, 403, 403, 200),
}


@pytest.mark.parametrize(("action", "role"), [(a, r) for a in MATRIX for r in ROLES])
def test_the_write_permission_matrix(client: Client, action: str, role: str) -> None:
    call, organiser = make_call()
    structure, manager = applicant()
    application = submitted(call) if action == "review" else None
    person = reviewer(call)
    if application is not None:
        assignment_create(actor=organiser, application=application, reviewer=person)
    else:
        application = Application.objects.get(
            pk=send(
                client,
                "post",
                f"/api/v1/appels/{call.slug}/candidatures",
                key(manager),
                {"structure": structure.slug},
            ).json()["id"]
        )
        application = application_update(
            actor=manager,
            application=application,
            expected_version=application.version,
            answers=answers(call),
        )
    users = {
        "applicant manager": application.structure.memberships.get(role="manager").user,
        "other manager": applicant()[1],
        "organiser": organiser,
        "assigned reviewer": person,
    }
    if role == "no key":
        headers: dict[str, str] = {}
    elif role == "read-only key":
        headers = key(manager, "appels:read")
    else:
        headers = key(users[role])
    headers["If-Match"] = f'"{application.pk}-{application.version}"'
    url = f"/api/v1/appels/candidatures/{application.pk}"
    if action == "edit":
        response = send(client, "patch", url, headers, {"titre": "Changé"})
    elif action == "submit":
        response = send(client, "post", f"{url}/depot", headers)
    else:
        assignment = application.assignments.get()
        headers["If-Match"] = f'"{assignment.pk}-{assignment.version}"'
        notes = [{"critere": c.pk, "note": 5} for c in call.criteria.all()]
        response = send(client, "put", f"{url}/evaluation", headers, {"notes": notes})
    assert response.status_code == MATRIX[action][ROLES.index(role)], response.content


def test_a_reviewer_in_conflict_is_refused_with_the_reason(client: Client) -> None:
    call, organiser = make_call()
    application = submitted(call)
    partner_of, declaring = reviewer(call), reviewer(call)
    for person in (partner_of, declaring):
        assignment_create(actor=organiser, application=application, reviewer=person)
    Relation.objects.create(
        source=partner_of.memberships.get().structure, target=application.structure, kind=RelationKind.PARTNER
    )
    conflict_declare(actor=declaring, application=application, reason="Ancienne salariée du candidat")
    url = f"/api/v1/appels/candidatures/{application.pk}/evaluation"
    body = {"notes": [{"critere": c.pk, "note": 5} for c in call.criteria.all()]}

    graph = send(client, "put", url, {**key(partner_of), "If-Match": "*"}, body)
    assert graph.status_code == 403
    assert "Relation en cours dans l'annuaire" in graph.json()["detail"]
    assert client.get(url, headers=key(partner_of)).status_code == 403
    declared = send(client, "put", url, {**key(declaring), "If-Match": "*"}, body)
    assert declared.status_code == 403
    assert "Ancienne salariée du candidat" in declared.json()["detail"]
    assert not Score.objects.filter(assignment__application=application).exists()


WRITES = {
    ("post", "/api/v1/appels/{slug}/candidatures", "201"),
    ("patch", "/api/v1/appels/candidatures/{application_id}", "200"),
    ("post", "/api/v1/appels/candidatures/{application_id}/depot", "200"),
    ("get", "/api/v1/appels/candidatures/{application_id}/evaluation", "200"),
    ("put", "/api/v1/appels/candidatures/{application_id}/evaluation", "200"),
}


@pytest.mark.parametrize(("method", "path", "status"), sorted(WRITES))
def test_each_write_is_described_with_examples(method: str, path: str, status: str) -> None:
    document = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), cls=NinjaJSONEncoder))
    operation, schemas = document["paths"][path][method], document["components"]["schemas"]
    assert operation["summary"]
    assert "appels:write" in operation["description"]
    assert _has_example(operation["responses"][status], schemas, set())
    if "requestBody" in operation:
        assert _has_example(operation["requestBody"], schemas, set())
    if method in ("patch", "put") or path.endswith("depot"):
        assert any(p["name"] == "If-Match" and p["required"] for p in operation["parameters"])
        assert {"400", "401", "403", "404", "412", "428"} <= set(operation["responses"])
