"""The pooling API: shared places read by all, an item's terms changed by its owner with If-Match."""

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from maillage.accounts.api_tokens import token_create
from maillage.lending.models import Item
from tests.accounts.factories import StructureMembershipFactory
from tests.lending.factories import ItemFactory
from tests.places.factories import PlaceFactory, SpaceFactory

pytestmark = pytest.mark.django_db


def test_places_list_with_their_spaces_in_bounded_queries(
    client: Client, django_assert_max_num_queries
) -> None:
    for place in PlaceFactory.create_batch(12):
        SpaceFactory.create_batch(3, place=place)
    PlaceFactory.create(name="Ancien lieu", withdrawn_at="2026-01-01T00:00:00Z")

    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/lieux")

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 12
    assert all(len(place["espaces"]) == 3 for place in body["items"])
    assert "Ancien lieu" not in {place["nom"] for place in body["items"]}


def test_a_place_is_read_by_its_public_id_with_its_spaces(client: Client) -> None:
    space = SpaceFactory.create(capacity=30, resource__name="Grande salle")
    withdrawn = SpaceFactory.create(place=space.place, resource__withdrawn_at="2026-01-01T00:00:00Z")

    body = client.get(f"/api/v1/lieux/{space.place.slug}").json()

    assert body["nom"] == space.place.name
    assert [(s["nom"], s["capacite"]) for s in body["espaces"]] == [("Grande salle", 30)]
    assert withdrawn.pk not in {s["id"] for s in body["espaces"]}
    assert client.get("/api/v1/lieux/inconnu").status_code == 404


def test_a_bad_page_is_a_400_in_french(client: Client) -> None:
    response = client.get("/api/v1/lieux", {"page": "٣"})

    assert response.status_code == 400
    assert "Paramètre « page » invalide" in response.json()["detail"]


@pytest.fixture
def owned_item() -> tuple[Item, str, str]:
    """An item, a key of one of its owner's managers and a key of someone else's, both scoped to lend."""
    item = ItemFactory.create(deposit=Decimal("300.00"))
    manager = StructureMembershipFactory.create(structure=item.resource.owner, role="manager").user
    other = StructureMembershipFactory.create(role="manager").user
    keys = [token_create(user=u, name="script", scopes=["materiel:write"]).key for u in (manager, other)]
    return item, keys[0], keys[1]


def _patch(client: Client, item: Item, key: str, body: dict, if_match: str | None) -> Any:
    headers = {"Authorization": f"Bearer {key}"} | ({"If-Match": if_match} if if_match else {})
    return client.patch(f"/api/v1/materiel/{item.pk}", body, content_type="application/json", headers=headers)


def test_the_owner_changes_the_terms_with_the_etag_then_a_stale_one_is_412(
    client: Client, owned_item: tuple[Item, str, str]
) -> None:
    item, key, _ = owned_item
    read = client.get(f"/api/v1/materiel/{item.pk}")
    etag = read["ETag"]

    changed = _patch(client, item, key, {"caution": "450.00", "conditions": "Retrait sur place."}, etag)
    stale = _patch(client, item, key, {"caution": "10.00"}, etag)

    assert changed.status_code == 200, changed.json()
    assert changed.json()["caution"] == "450.00"
    assert changed["ETag"] != etag
    assert stale.status_code == 412
    assert stale["ETag"] == changed["ETag"]
    item.refresh_from_db()
    assert (item.deposit, item.conditions, item.version) == (Decimal("450.00"), "Retrait sur place.", 2)


def test_without_if_match_428_and_someone_elses_key_403(
    client: Client, owned_item: tuple[Item, str, str]
) -> None:
    item, key, other_key = owned_item

    assert _patch(client, item, key, {"caution": "1"}, None).status_code == 428
    refused = _patch(client, item, other_key, {"caution": "1"}, "*")
    assert refused.status_code == 403
    assert "responsables" in refused.json()["detail"]
    assert client.patch(f"/api/v1/materiel/{item.pk}", {}, content_type="application/json").status_code == 401
    item.refresh_from_db()
    assert item.deposit == Decimal("300.00")


def test_a_refused_value_is_a_400_naming_the_field(client: Client, owned_item: tuple[Item, str, str]) -> None:
    item, key, _ = owned_item

    response = _patch(client, item, key, {"caution": "-5"}, "*")
    unknown = _patch(client, item, key, {"nom": "Autre"}, "*")

    assert response.status_code == 400
    assert "caution" in response.json()["erreurs"]
    assert unknown.status_code == 400
    assert "nom" in unknown.json()["erreurs"]
