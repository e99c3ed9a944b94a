"""PATCH of relations and key figures: who may (the permission matrix), and If-Match as for structures."""

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from maillage.accounts.api_tokens import token_create
from maillage.history.models import Revision
from maillage.structures.enums import RelationKind
from maillage.structures.models import KeyFigure, Relation
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.api.test_permission_matrix_api import PATCH
from tests.contributions.test_permission_matrix import ROLES, World, world  # noqa: F401 (fixture)
from tests.structures.factories import KeyFigureFactory, RelationFactory, StructureFactory

CASES = [(role, name, codes[index]) for role, codes in PATCH.items() for index, name in enumerate("AB")]
assert {role for role, _, _ in CASES} == set(ROLES)


def _headers(user: Any, record: Any, scope: str = "structures:write") -> dict[str, str]:
    headers = {"If-Match": f'"{record.pk}-{record.version}"'}
    if user is not None:
        headers["Authorization"] = f"Bearer {token_create(user=user, name='script', scopes=[scope]).key}"
    return headers


def _patch(url: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return Client().patch(url, data=json.dumps(body), content_type="application/json", headers=headers)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "target", "expected"), CASES)
def test_relation_patch_matrix(world: World, role: str, target: str, expected: int) -> None:  # noqa: F811
    relation = RelationFactory.create(source=world.structure(target), kind=RelationKind.PARTNER)
    user = world.users[role]

    response = _patch(
        f"/api/v1/relations/{relation.pk}", {"description": "Écrit par l'API."}, _headers(user, relation)
    )

    relation.refresh_from_db()
    assert response.status_code == expected, response.content
    assert (relation.description == "Écrit par l'API.") == (expected == 200)
    if expected == 200:
        assert Revision.objects.filter(author=user, record_type="relation", record_id=relation.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "target", "expected"), CASES)
def test_key_figure_patch_matrix(world: World, role: str, target: str, expected: int) -> None:  # noqa: F811
    figure = KeyFigureFactory.create(structure=world.structure(target), value=Decimal("10"))
    user = world.users[role]

    response = _patch(f"/api/v1/chiffres-cles/{figure.pk}", {"valeur": 14}, _headers(user, figure))

    figure.refresh_from_db()
    assert response.status_code == expected, response.content
    assert (figure.value == Decimal("14")) == (expected == 200)


@pytest.fixture
def editor_and_figure(db: None) -> tuple[Any, KeyFigure]:
    structure = StructureFactory.create()
    user = StructureMembershipFactory.create(structure=structure, user=UserFactory.create()).user
    return user, KeyFigureFactory.create(structure=structure, value=Decimal("10"))


def test_a_figure_patch_without_if_match_is_428_and_changes_nothing(editor_and_figure: Any) -> None:
    user, figure = editor_and_figure
    headers = _headers(user, figure)
    del headers["If-Match"]

    response = _patch(f"/api/v1/chiffres-cles/{figure.pk}", {"valeur": 14}, headers)

    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]


def test_a_stale_figure_patch_is_412_with_the_current_etag(editor_and_figure: Any) -> None:
    user, figure = editor_and_figure
    stale = _headers(user, figure)
    first = _patch(f"/api/v1/chiffres-cles/{figure.pk}", {"valeur": 12}, stale)
    assert first.status_code == 200

    second = _patch(f"/api/v1/chiffres-cles/{figure.pk}", {"valeur": 14}, stale)

    figure.refresh_from_db()
    assert second.status_code == 412
    assert second["ETag"] == f'"{figure.pk}-{figure.version}"'
    assert figure.value == Decimal("12")


def test_the_etag_read_allows_the_write(client: Client, editor_and_figure: Any) -> None:
    user, figure = editor_and_figure
    read = client.get(f"/api/v1/chiffres-cles/{figure.pk}")
    headers = _headers(user, figure) | {"If-Match": read["ETag"]}

    response = _patch(f"/api/v1/chiffres-cles/{figure.pk}", {"note": "Au 31 décembre."}, headers)

    assert response.status_code == 200
    assert response.json()["note"] == "Au 31 décembre."
    assert response["ETag"] != read["ETag"]


@pytest.mark.parametrize(
    "body",
    [
        {"valeur": -1},
        {"valeur": "beaucoup"},
        {"annee": 2020},
        {"qualificatif": "x" * 51},
        {"source_url": "pas une url"},
    ],
)
def test_a_bad_figure_body_is_400_in_french(editor_and_figure: Any, body: dict[str, Any]) -> None:
    user, figure = editor_and_figure

    response = _patch(f"/api/v1/chiffres-cles/{figure.pk}", body, _headers(user, figure))

    figure.refresh_from_db()
    assert response.status_code == 400, response.content
    assert response.json()["detail"] == "Données invalides : rien n'a été modifié."
    assert figure.value == Decimal("10")


@pytest.mark.django_db
def test_a_bad_relation_body_is_400_and_a_stale_one_412() -> None:
    relation = RelationFactory.create()
    user = StructureMembershipFactory.create(structure=relation.source, user=UserFactory.create()).user
    headers = _headers(user, relation)

    bad = _patch(f"/api/v1/relations/{relation.pk}", {"debut": "hier"}, headers)
    unknown = _patch(f"/api/v1/relations/{relation.pk}", {"etat": "accepted"}, headers)
    inverted = _patch(
        f"/api/v1/relations/{relation.pk}", {"debut": "2020-01-01", "fin": "2010-01-01"}, headers
    )
    ok = _patch(f"/api/v1/relations/{relation.pk}", {"description": "Première."}, headers)
    stale = _patch(f"/api/v1/relations/{relation.pk}", {"description": "Seconde."}, headers)

    assert [r.status_code for r in (bad, unknown, inverted, ok, stale)] == [400, 400, 400, 200, 412]
    assert Relation.objects.get(pk=relation.pk).description == "Première."


@pytest.mark.django_db
def test_a_key_without_the_scope_is_refused() -> None:
    figure = KeyFigureFactory.create()
    user = StructureMembershipFactory.create(structure=figure.structure, user=UserFactory.create()).user

    response = _patch(
        f"/api/v1/chiffres-cles/{figure.pk}", {"valeur": 3}, _headers(user, figure, "materiel:write")
    )

    assert response.status_code == 403
    assert "portée" in response.json()["detail"]
