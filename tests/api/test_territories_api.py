"""GET /api/v1/territoires: ranked search, one territory with its parents, JSON errors, bounded queries."""

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("loire_rhone")


def test_search_ranks_saint_etienne_first(client: Client) -> None:
    response = client.get("/api/v1/territoires", {"q": "saint etienne"})

    assert response.status_code == 200
    body = response.json()
    assert body["millesime"] == "2026"
    first = body["items"][0]
    assert (first["id"], first["nom"], first["niveau"]) == ("COM-42218", "Saint-Étienne", "commune")
    assert first["url"].endswith("/territoires/COM-42218/")


def test_search_by_postal_code(client: Client) -> None:
    items = client.get("/api/v1/territoires", {"q": "42000"}).json()["items"]

    assert [i["id"] for i in items] == ["COM-42218"]


def test_detail_gives_population_and_parents(client: Client) -> None:
    response = client.get("/api/v1/territoires/COM-42218")

    assert response.status_code == 200
    body = response.json()
    assert body["nom"] == "Saint-Étienne"
    assert body["population"] > 150_000
    assert [p["id"] for p in body["parents"]] == ["EPCI-244200770", "DEP-42", "REG-84", "PAYS-99100"]
    assert body["millesime"] == "2026"


def test_detail_of_an_epci_lists_its_communes(client: Client) -> None:
    body = client.get("/api/v1/territoires/EPCI-244200770").json()

    assert body["niveau"] == "epci"
    assert body["type_epci"] == "METRO"
    assert "COM-42218" in [c["id"] for c in body["enfants"]]
    assert [p["id"] for p in body["parents"]] == ["DEP-42", "REG-84", "PAYS-99100"]


def test_ids_are_case_insensitive(client: Client) -> None:
    assert client.get("/api/v1/territoires/com-42218").json()["id"] == "COM-42218"


@pytest.mark.parametrize("territory_id", ["COM-00000", "nope", "DEP-999", "<script>"])
def test_unknown_id_is_a_json_404(client: Client, territory_id: str) -> None:
    response = client.get(f"/api/v1/territoires/{territory_id}")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "Territoire inconnu" in response.json()["detail"]


@pytest.mark.parametrize("params", [{"limit": "abc"}, {"limit": "0"}, {"limit": "100000"}, {"q": "x" * 300}])
def test_malformed_parameters_are_a_400_with_a_reason(client: Client, params: dict[str, str]) -> None:
    response = client.get("/api/v1/territoires", params)

    assert response.status_code == 400
    assert response.json()["errors"]


def test_openapi_describes_the_territory_endpoints(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()

    assert document["openapi"].startswith("3.")
    assert "/api/v1/territoires" in document["paths"]
    assert "/api/v1/territoires/{territory_id}" in document["paths"]
    parameters = {p["name"] for p in document["paths"]["/api/v1/territoires"]["get"]["parameters"]}
    assert {"q", "limit"} <= parameters


def test_search_and_detail_use_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        client.get("/api/v1/territoires", {"q": "saint", "limit": "50"})
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        client.get("/api/v1/territoires/EPCI-244200770")
