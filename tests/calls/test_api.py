"""The calls' API: calls and reports public; applications and reviews under the `appels:read` key."""

from typing import Any

import pytest
from django.test import Client

from maillage.accounts.api_tokens import token_create
from maillage.calls.deliberation import application_decide, decisions_publish
from maillage.calls.enums import CommitteeRole, Decision
from maillage.calls.reviewing import assignment_create, review_submit
from maillage.structures.enums import RelationKind
from maillage.structures.models import Relation
from tests.calls.factories import make_call, reviewer, submitted

pytestmark = pytest.mark.django_db


def bearer(user: Any) -> dict[str, Any]:
    return {
        "HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='script', scopes=['appels:read']).key}"
    }


def test_calls_and_their_report_are_public(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    call, _ = make_call(title="Pôles culturels")
    listed = client.get("/api/v1/appels").json()
    assert [c["titre"] for c in listed] == ["Pôles culturels"]
    detail = client.get(f"/api/v1/appels/{call.slug}").json()
    assert [c["poids"] for c in detail["criteres"]] == [3, 2, 1]
    assert detail["questions"][1]["maximum"] == 50
    assert client.get("/api/v1/appels/inconnu").status_code == 404
    assert client.get(f"/api/v1/appels/{call.slug}/compte-rendu").status_code == 404

    chair = reviewer(call, role=CommitteeRole.CHAIR)
    application = submitted(call, consent=True)
    application_decide(
        actor=chair, application=application, expected_version=application.version,
        decision=Decision.SELECTED, justification="Convaincant.",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        decisions_publish(actor=chair, call=call, expected_version=call.version)
    report = client.get(f"/api/v1/appels/{call.slug}/compte-rendu").json()
    assert report["retenus_total"] == 1
    assert report["retenus_cites"] == [{"titre": application.title, "structure": application.structure.slug}]
    assert report["tableaux"]["Par famille de l'ESS"] == [
        {"categorie": "Association", "candidatures": None, "retenues": None},
        {"categorie": "Total", "candidatures": None, "retenues": None},
    ]


def test_applications_and_reviews_need_the_key_and_a_role(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    call, organiser = make_call()
    chair = reviewer(call, role=CommitteeRole.CHAIR)
    person = reviewer(call)
    applications = [submitted(call) for _ in range(4)]
    assignment = assignment_create(actor=organiser, application=applications[0], reviewer=person)
    marks = {c.pk: ("8", "Bien") for c in call.criteria.all()}
    review_submit(actor=person, assignment=assignment, expected_version=1, scores=marks)

    url = f"/api/v1/appels/{call.slug}/candidatures"
    assert client.get(url).status_code == 401
    assert client.get(url, **bearer(person)).status_code == 403
    headers = bearer(chair)
    with django_assert_max_num_queries(16):
        page = client.get(url, **headers).json()
    assert page["total"] == 4
    assert page["candidatures"][0]["note_moyenne_sur_20"] == "16.00"
    assert page["candidatures"][0]["empreinte_sha256"] == applications[0].content_hash

    reviews = client.get(f"/api/v1/appels/candidatures/{applications[0].pk}/evaluations", **headers).json()
    assert [(r["note"], r["commentaire"]) for r in reviews] == [(8, "Bien")] * 3
    mine = client.get(f"/api/v1/appels/candidatures/{applications[0].pk}", **bearer(person))
    assert mine.status_code == 200
    assert mine.json()["decision"] is None
    assert (
        client.get(
            f"/api/v1/appels/candidatures/{applications[0].pk}/evaluations", **bearer(person)
        ).status_code
        == 403
    )
    assert client.get("/api/v1/appels/candidatures/\u0663", **headers).status_code == 404


def test_a_reviewer_in_conflict_gets_403(client: Client) -> None:
    call, organiser = make_call()
    application = submitted(call)
    person = reviewer(call)
    assignment_create(actor=organiser, application=application, reviewer=person)
    partner = person.memberships.get().structure
    Relation.objects.create(source=partner, target=application.structure, kind=RelationKind.PARTNER)
    response = client.get(f"/api/v1/appels/candidatures/{application.pk}", **bearer(person))
    assert response.status_code == 403
    assert "conflit d'intérêts" in response.json()["detail"]


def test_the_list_of_calls_is_query_bounded(client: Client, django_assert_max_num_queries: Any) -> None:
    for n in range(4):
        make_call(title=f"Appel {n}")
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/appels").json()) == 4
