"""PATCH /api/v1/structures/<id> is conditional: If-Match required (428), a stale ETag refused (412)."""

import json
from typing import Any

import pytest
from django.test import Client

from maillage.accounts.api_tokens import token_create
from maillage.memberships.enums import MemberRole
from maillage.structures.models import Structure
from tests.accounts.factories import StructureMembershipFactory
from tests.concurrency.conftest import THREADS, race
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def structure() -> Structure:
    return StructureFactory.create(name="La Fabrique des Possibles", siret="", acronym="")


@pytest.fixture
def key(structure: Structure) -> str:
    user = StructureMembershipFactory.create(structure=structure, role=MemberRole.MEMBER).user
    return token_create(user=user, name="script", scopes=["structures:write"]).key


def patch(structure: Structure, body: dict[str, Any], key: str, if_match: str | None) -> Any:
    headers = {"Authorization": f"Bearer {key}"}
    if if_match is not None:
        headers["If-Match"] = if_match
    return Client().patch(
        f"/api/v1/structures/{structure.slug}",
        data=json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def test_get_sends_the_version_as_etag_and_patch_with_it_gets_the_next_one(structure, key) -> None:
    """The ETag read with GET lets the write through; the answer carries the new ETag."""
    read = Client().get(f"/api/v1/structures/{structure.slug}")
    assert read["ETag"] == f'"{structure.pk}-1"'

    response = patch(structure, {"sigle": "LFDP"}, key, read["ETag"])

    assert response.status_code == 200, response.json()
    assert response["ETag"] == f'"{structure.pk}-2"'
    assert Client().get(f"/api/v1/structures/{structure.slug}")["ETag"] == response["ETag"]


def test_a_patch_without_if_match_is_refused_with_428(structure, key) -> None:
    """Without If-Match nothing is written, and the reason says which header to send."""
    response = patch(structure, {"sigle": "LFDP"}, key, None)

    assert response.status_code == 428
    assert "If-Match est obligatoire" in response.json()["detail"]
    assert Structure.objects.get(pk=structure.pk).acronym == ""


@pytest.mark.parametrize("if_match", ['"{pk}-1"', 'W/"{pk}-1"', '"autre-chose"', "n'importe quoi"])
def test_a_stale_or_foreign_etag_is_refused_with_412_and_the_current_etag(structure, key, if_match) -> None:
    """After another write, the old ETag (or one of nothing) gets 412 with the ETag to read again."""
    patch(structure, {"description": "Écrit d'abord."}, key, f'"{structure.pk}-1"')

    response = patch(structure, {"sigle": "LFDP"}, key, if_match.format(pk=structure.pk))

    assert response.status_code == 412
    assert response["ETag"] == f'"{structure.pk}-2"'
    assert "modifiée depuis que vous l'avez lue" in response.json()["detail"]
    assert Structure.objects.get(pk=structure.pk).acronym == ""


def test_ten_patches_with_the_same_etag_apply_exactly_one(structure, key) -> None:
    """Ten scripts that read the same version write at once: one 200, nine 412."""
    etag = f'"{structure.pk}-1"'

    statuses = race(lambda i: patch(structure, {"description": f"Version {i}"}, key, etag).status_code)

    assert sorted(statuses) == [200] + [412] * (THREADS - 1), statuses
    assert Structure.objects.get(pk=structure.pk).version == 2


def test_the_openapi_description_documents_if_match_and_the_refusals() -> None:
    """Clients learn from the description that PATCH needs If-Match and may answer 412 or 428."""
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/structures/{structure_id}"]["patch"]

    assert any(p["name"] == "If-Match" and p["required"] for p in operation["parameters"])
    assert {"412", "428"} <= set(operation["responses"])
    assert "ETag" in operation["responses"]["200"]["headers"]
    get = schema["paths"]["/api/v1/structures/{structure_id}"]["get"]
    assert "ETag" in get["responses"]["200"]["headers"]
