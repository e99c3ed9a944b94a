"""The map of a result set: its page keeps the list; its data are SQL grid clusters or points, bounded."""

import json
import random
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from maillage.search.normalize import search_key
from maillage.structures.models import Structure
from maillage.structures.services import structure_create
from maillage.territories.models import Territory
from maillage.www.structures.map import GRID_CELLS, MAX_POINTS

pytestmark = pytest.mark.usefixtures("loire_rhone")

FRANCE_BOX = "-5.5,41.0,10.0,51.5"
SAINT_ETIENNE_BOX = "4.30,45.40,4.45,45.48"


@pytest.fixture
def placed() -> list[Structure]:
    """Three structures in Saint-Étienne (one at its own point, two at the commune's) and one in Lyon."""
    saint_etienne = Territory.objects.get(id="COM-42218")
    lyon = Territory.objects.get(id="COM-69123")
    return [
        structure_create(name="Le Fil", commune=saint_etienne, latitude=45.4283, longitude=4.3953),
        structure_create(name="La Comédie", commune=saint_etienne),
        structure_create(name="Le Remue-Méninges", commune=saint_etienne),
        structure_create(name="Les Subsistances", commune=lyon),
    ]


def map_json(client: Client, status: int = 200, **params: str) -> dict:
    response = client.get("/structures/carte.json", params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_map_page_holds_the_map_and_the_same_list(client: Client, placed: list) -> None:
    response = client.get("/structures/carte/", {"territoire": "DEP-42", "tri": "nom"})

    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "data-structures-map" in html
    assert 'data-points-url="/structures/carte.json?territoire=DEP-42&tri=nom"' in html
    assert 'data-outline-url="/territoires/PAYS-99100/carte.geojson"' in html
    assert 'data-focus-url="/territoires/DEP-42/carte.geojson"' in html
    assert "js/structures-map.js" in html
    assert "vendor/leaflet.markercluster/leaflet.markercluster.js" in html
    # The accessible list is there too, with its facets and a way back to the list alone.
    names = re.findall(r'<h3><a href="/structures/[^"]+/">([^<]+)</a>', html)
    assert names == ["La Comédie", "Le Fil", "Le Remue-Méninges"]
    assert 'id="facets-title"' in html
    back = re.search(r'href="([^"]+)">Voir la liste', html)
    assert back is not None
    assert urlsplit(back.group(1)).path == "/structures/"
    assert parse_qs(urlsplit(back.group(1)).query) == {"territoire": ["DEP-42"], "tri": ["nom"]}


def test_a_bad_filter_on_the_map_page_is_a_400_page(client: Client) -> None:
    response = client.get("/structures/carte/", {"territoire": "DEP-999"})

    assert response.status_code == 400
    assert "Territoire inconnu" in unescape(response.content.decode())


def test_low_zoom_answers_clusters_counted_in_sql(client: Client, placed: list) -> None:
    data = map_json(client, bbox=FRANCE_BOX, zoom="5")

    assert data["mode"] == "clusters"
    assert data["total"] == 4
    # Saint-Étienne and Lyon are 50 km apart: one cell of 2.8° holds them all at zoom 5.
    assert [c["count"] for c in data["clusters"]] == [4]
    cluster = data["clusters"][0]
    assert set(cluster) == {"lat", "lon", "count"}
    assert 45.4 < cluster["lat"] < 45.8
    assert 4.3 < cluster["lon"] < 4.9


def test_clusters_split_as_the_zoom_grows(client: Client, placed: list) -> None:
    data = map_json(client, bbox=FRANCE_BOX, zoom="7")

    assert data["mode"] == "clusters"
    assert sorted(c["count"] for c in data["clusters"]) == [1, 3]


def test_high_zoom_answers_points_with_names_and_links(client: Client, placed: list) -> None:
    data = map_json(client, bbox=SAINT_ETIENNE_BOX, zoom="14")

    assert data["mode"] == "points"
    assert data["total"] == 3
    by_name = {p["name"]: p for p in data["points"]}
    assert set(by_name) == {"Le Fil", "La Comédie", "Le Remue-Méninges"}
    assert by_name["Le Fil"] == {
        "lat": 45.4283,
        "lon": 4.3953,
        "name": "Le Fil",
        "url": "/structures/le-fil/",
    }
    # Without a point of its own, a structure stands at the centre of its commune.
    commune = Territory.objects.get(id="COM-42218")
    assert (by_name["La Comédie"]["lat"], by_name["La Comédie"]["lon"]) == (
        round(commune.latitude or 0, 5),
        round(commune.longitude or 0, 5),
    )


def test_map_data_follow_the_list_filters(client: Client, placed: list) -> None:
    assert map_json(client, bbox=FRANCE_BOX, zoom="10", territoire="COM-69123")["points"] == [
        {
            "lat": pytest.approx(45.76, abs=0.1),
            "lon": pytest.approx(4.83, abs=0.1),
            "name": "Les Subsistances",
            "url": "/structures/les-subsistances/",
        }
    ]
    assert map_json(client, bbox=FRANCE_BOX, zoom="10", q="fil")["total"] == 1
    error = map_json(client, status=400, bbox=FRANCE_BOX, zoom="10", territoire="DEP-999")
    assert error["parametre"] == "territoire"
    assert "Territoire inconnu" in error["erreur"]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "10,41,-5,51"}, "bbox"),
        ({"bbox": "-5,51,10,41"}, "bbox"),
        ({"bbox": "-200,41,10,51"}, "bbox"),
        ({"bbox": "-5,41,10,95"}, "bbox"),
        ({"bbox": "nan,41,10,51"}, "bbox"),
        ({"bbox": FRANCE_BOX, "zoom": "-1"}, "zoom"),
        ({"bbox": FRANCE_BOX, "zoom": "21"}, "zoom"),
        ({"bbox": FRANCE_BOX, "zoom": "cinq"}, "zoom"),
    ],
)
def test_a_bad_box_or_zoom_is_a_400_with_its_reason(client: Client, params: dict, parameter: str) -> None:
    error = map_json(client, status=400, **params)

    assert error["parametre"] == parameter
    assert error["erreur"]


def test_map_data_run_at_most_five_queries(
    client: Client, placed: list, django_assert_max_num_queries: object
) -> None:
    for zoom in ("5", "14"):
        with django_assert_max_num_queries(5):  # type: ignore[operator]
            map_json(client, bbox=FRANCE_BOX, zoom=zoom, territoire="DEP-42")


def test_the_answer_stays_small_whatever_the_box_zoom_and_count(client: Client) -> None:
    """6,000 points over France: never more than 2,000 points nor about 65² clusters, far below 1 MB."""
    rng = random.Random(42)  # noqa: S311 (test data)
    names = [f"Structure {n}" for n in range(6_000)]
    Structure.objects.bulk_create(
        Structure(
            name=name,
            slug=f"structure-{n}",
            search_name=search_key(name),
            latitude=rng.uniform(42.3, 51.0),
            longitude=rng.uniform(-4.7, 8.2),
        )
        for n, name in enumerate(names)
    )
    for bbox, zoom in ((FRANCE_BOX, "5"), ("-180,-90,180,90", "13"), (FRANCE_BOX, "20"), ("2,48,3,49", "9")):
        response = client.get("/structures/carte.json", {"bbox": bbox, "zoom": zoom})
        data = json.loads(response.content)
        assert len(response.content) < 1_000_000
        if data["mode"] == "clusters":
            assert len(data["clusters"]) <= (GRID_CELLS + 1) ** 2
            assert data["total"] == sum(c["count"] for c in data["clusters"])
        else:
            assert len(data["points"]) <= MAX_POINTS
    whole = map_json(client, bbox="-180,-90,180,90", zoom="13")
    assert whole["mode"] == "clusters"
    assert whole["total"] == 6_000
    small = map_json(client, bbox="2,48,3,49", zoom="9")
    assert small["mode"] == "points"
    assert small["total"] == len(small["points"]) < MAX_POINTS
