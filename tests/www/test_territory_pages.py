"""Territory pages without JavaScript: search results, a territory with parents, children, map data."""

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("loire_rhone")


def test_search_page_lists_results_without_javascript(client: Client) -> None:
    response = client.get("/territoires/", {"q": "saint etienne"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/territoires/COM-42218/"' in html
    assert html.index("COM-42218") < html.index("EPCI-244200770")


def test_suggestions_fragment_is_a_list_of_links(client: Client) -> None:
    response = client.get("/territoires/suggestions/", {"q": "42000"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<html" not in html
    assert 'href="/territoires/COM-42218/"' in html


def test_search_query_is_escaped(client: Client) -> None:
    response = client.get("/territoires/", {"q": "<script>alert(1)</script>"})

    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_territory_page_shows_identity_parents_and_millesime(client: Client) -> None:
    html = client.get("/territoires/COM-42218/").content.decode()

    assert "<h1>Saint-Étienne</h1>" in html
    for parent in ["EPCI-244200770", "DEP-42", "REG-84", "PAYS-99100"]:
        assert f'href="/territoires/{parent}/"' in html
    assert "habitants" in html
    assert "2026" in html


def test_region_page_lists_its_departements(client: Client) -> None:
    html = client.get("/territoires/REG-84/").content.decode()

    assert 'href="/territoires/DEP-42/"' in html
    assert 'href="/territoires/DEP-69/"' in html


def test_map_layer_has_the_territory_and_its_children(client: Client) -> None:
    response = client.get("/territoires/DEP-42/carte.geojson")

    features = response.json()["features"]
    roles = {f["properties"]["id"]: f["properties"]["role"] for f in features}
    assert roles["DEP-42"] == "territoire"
    assert roles["EPCI-244200770"] == "enfant"
    assert all(f["geometry"]["type"] in {"Polygon", "MultiPolygon"} for f in features)


def test_unknown_territory_is_a_404_page(client: Client) -> None:
    assert client.get("/territoires/COM-00000/").status_code == 404
    assert client.get("/territoires/COM-00000/carte.geojson").status_code == 404


@pytest.mark.parametrize("url", ["/territoires/?q=saint", "/territoires/DEP-42/", "/territoires/PAYS-99100/"])
def test_pages_use_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: object, url: str
) -> None:
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        assert client.get(url).status_code == 200
