"""Who may write what through the API: every role against structures A and B, with a key of each person.

The same world as the pages' matrix (tests/contributions/test_permission_matrix.py): A is in
Saint-Étienne and a member of network N (declared, unconfirmed, of network D), B is in Lyon. Through the
API there is no proposal: a person who may not edit a record gets a 403 and the record is unchanged;
reads stay public.
"""

import json

import pytest
from django.test import Client

from maillage.accounts.api_tokens import token_create
from maillage.history.models import Revision
from tests.contributions.test_permission_matrix import ROLES, World, world  # noqa: F401 (fixture)

# role: (expected on A, expected on B); anonymous has no key at all.
PATCH = {
    "anonymous": (401, 401),
    "outsider": (403, 403),
    "member_a": (200, 403),
    "manager_a": (200, 403),
    "member_b": (403, 200),
    "network_coord_a": (200, 403),
    "declared_network_coord": (403, 403),
    "territory_coord_a": (200, 403),
    "territory_coord_elsewhere": (403, 200),
    "superuser": (200, 200),
}
assert set(PATCH) == set(ROLES)
CASES = [(role, name, codes[index]) for role, codes in PATCH.items() for index, name in enumerate("AB")]


@pytest.mark.parametrize(("role", "target", "expected"), CASES)
def test_patch(world: World, role: str, target: str, expected: int) -> None:  # noqa: F811
    structure = world.structure(target)
    user = world.users[role]
    headers = {"If-Match": f'"{structure.pk}-{structure.version}"'}
    if user is not None:
        key = token_create(user=user, name="script", scopes=["structures:write"]).key
        headers["Authorization"] = f"Bearer {key}"
    before = structure.description

    response = Client().patch(
        f"/api/v1/structures/{structure.slug}",
        data=json.dumps({"description": "Écrit par l'API."}),
        content_type="application/json",
        headers=headers,
    )

    structure.refresh_from_db()
    assert response.status_code == expected, response.content
    if expected == 200:
        assert structure.description == "Écrit par l'API."
        assert Revision.objects.filter(structure=structure, author=user).exists()
    else:
        assert structure.description == before
        assert "detail" in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_reads_stay_public_whoever_asks(world: World, role: str) -> None:  # noqa: F811
    client = world.client(role)

    response = client.get(f"/api/v1/structures/{world.a.slug}")

    assert response.status_code == 200
    assert response.json()["nom"] == "Structure A"
