"""GET /api/v1/structures: the page's filters as parameters, pages, JSON errors, bounded queries."""

from typing import Any

import pytest
from django.test import Client

from maillage.structures.enums import EssFamily, RelationKind, StructureKind
from maillage.structures.models import Discipline, Structure
from maillage.structures.search import SORTS, STATES, parse_filters
from tests.api.structure_api_data import C_ET_C, C_ET_C_MEMBERS, URL, ids, load_reference_data, saint_etienne
from tests.referential import import_departements
from tests.structures.factories import RelationFactory, StructureFactory

pytestmark = pytest.mark.django_db

# The done-when checks, on the real reference data.


@pytest.mark.usefixtures("reference_data")
def test_a_search_by_name_ranks_culture_et_cooperation_first(client: Client) -> None:
    response = client.get(URL, {"q": "culture et cooperation"})

    assert response.status_code == 200
    first = response.json()["items"][0]
    assert (first["id"], first["nom"]) == (C_ET_C, "Culture et Coopération")
    assert first["url"] == f"http://testserver/structures/{C_ET_C}/"
    assert first["commune"] == {"id": "COM-42218", "nom": "Saint-Étienne"}
    assert first["departement"] == {"id": "DEP-42", "nom": "Loire"}


def test_the_loire_holds_culture_et_cooperation_and_paris_does_not(client: Client) -> None:
    import_departements(("42", "69", "75"))
    load_reference_data()

    loire = client.get(URL, {"territoire": "DEP-42"})
    paris = client.get(URL, {"territoire": "DEP-75"})

    assert loire.status_code == paris.status_code == 200
    assert C_ET_C in ids(loire)
    assert C_ET_C not in ids(paris)
    assert paris.json()["total"] == 0


@pytest.mark.usefixtures("reference_data")
def test_a_network_lists_exactly_its_eight_members(client: Client) -> None:
    by_slug = client.get(URL, {"reseau": C_ET_C, "taille": "100"})
    by_number = client.get(URL, {"reseau": str(Structure.objects.get(slug=C_ET_C).pk), "taille": "100"})

    assert set(ids(by_slug)) == C_ET_C_MEMBERS
    assert by_slug.json()["total"] == 8
    assert ids(by_number) == ids(by_slug)


@pytest.mark.usefixtures("reference_data")
def test_an_unknown_territory_is_a_400_that_says_why(client: Client) -> None:
    response = client.get(URL, {"territoire": "DEP-999"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Territoire inconnu : « DEP-999 ».", "parametre": "territoire"}


@pytest.mark.usefixtures("reference_data")
def test_a_page_far_beyond_the_last_is_empty_but_gives_the_total(client: Client) -> None:
    response = client.get(URL, {"page": "999999"})

    assert response.status_code == 200
    body = response.json()
    assert body["items"] == []
    assert body["total"] == Structure.objects.filter(is_active=True).count() == 31
    assert body["suivant"] is None
    assert body["precedent"].endswith(f"page={body['pages']}&taille=20")


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"taille": "abc"}, "taille"),
        ({"taille": "0"}, "taille"),
        ({"page": "-1"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"q": "x" * 201}, "q"),
        ({"discipline": "opera-bouffe"}, "discipline"),
        ({"famille": "coop"}, "famille"),
        ({"type": "theatre"}, "type"),
        ({"reseau": "inconnu"}, "reseau"),
        ({"ess": "peut-etre"}, "ess"),
        ({"etat": "dormant"}, "etat"),
        ({"tri": "hasard"}, "tri"),
    ],
)
def test_a_malformed_parameter_is_a_400_naming_it(
    client: Client, params: dict[str, str], parameter: str
) -> None:
    response = client.get(URL, params)

    assert response.status_code == 400
    body = response.json()
    assert body["parametre"] == parameter
    assert body["detail"]


def test_a_page_size_above_the_maximum_is_brought_down_to_it(client: Client) -> None:
    assert client.get(URL, {"taille": "500"}).json()["taille"] == 100


def test_a_name_made_of_markup_comes_back_as_a_plain_json_string(client: Client) -> None:
    name = '<script>alert("x")</script>'
    structure = StructureFactory.create(name=name, acronym="<b>", description="<img src=x onerror=alert(1)>")

    listed = client.get(URL)
    detail = client.get(f"{URL}/{structure.slug}")

    for response in (listed, detail):
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert b"<html" not in response.content.lower()
    assert listed.json()["items"][0]["nom"] == name
    assert detail.json()["nom"] == name
    assert detail.json()["sigle"] == "<b>"
    assert detail.json()["description"] == "<img src=x onerror=alert(1)>"


def test_closed_structures_are_left_out_unless_asked_for_and_flagged(client: Client) -> None:
    open_one = StructureFactory.create(name="Compagnie ouverte")
    closed = StructureFactory.create(name="Compagnie fermée", closed=True)

    default = client.get(URL).json()["items"]
    every = client.get(URL, {"etat": "tous"}).json()["items"]
    only_closed = client.get(URL, {"etat": "ferme"}).json()["items"]

    assert [i["id"] for i in default] == [open_one.slug]
    assert {i["id"]: i["en_activite"] for i in every} == {open_one.slug: True, closed.slug: False}
    assert [i["id"] for i in only_closed] == [closed.slug]


@pytest.mark.usefixtures("loire_rhone")
def test_an_item_carries_the_documented_fields(client: Client) -> None:
    structure = StructureFactory.create(
        name="La Comédie de Saint-Étienne",
        acronym="CDN",
        association=True,
        with_siret=True,
        commune=saint_etienne(),
        latitude=45.43,
        longitude=4.39,
    )
    structure.disciplines.set(Discipline.objects.filter(slug__in=["theatre", "danse"]))

    item = client.get(URL).json()["items"][0]

    assert item == {
        "id": structure.slug,
        "nom": "La Comédie de Saint-Étienne",
        "url": f"http://testserver/structures/{structure.slug}/",
        "sigle": "CDN",
        "type": "cultural",
        "famille_ess": "association",
        "ess": True,
        "siret": structure.siret,
        "commune": {"id": "COM-42218", "nom": "Saint-Étienne"},
        "departement": {"id": "DEP-42", "nom": "Loire"},
        "latitude": 45.43,
        "longitude": 4.39,
        "disciplines": ["theatre", "danse"],
        "en_activite": True,
        "score_qualite": None,  # written straight to the database: never scored
    }


def test_pages_link_to_their_neighbours_and_keep_the_filters(client: Client) -> None:
    StructureFactory.create_batch(25, kind=StructureKind.NETWORK)
    StructureFactory.create_batch(3, kind=StructureKind.FUNDER)

    first = client.get(URL, {"type": "network", "taille": "10"}).json()
    second = client.get(first["suivant"]).json()
    third = client.get(second["suivant"]).json()

    assert (first["total"], first["pages"], first["precedent"]) == (25, 3, None)
    assert first["suivant"] == "http://testserver/api/v1/structures?type=network&page=2&taille=10"
    assert second["precedent"] == "http://testserver/api/v1/structures?type=network&page=1&taille=10"
    assert (len(third["items"]), third["suivant"]) == (5, None)
    listed = {i["id"] for page in (first, second, third) for i in page["items"]}
    assert listed == set(Structure.objects.filter(kind=StructureKind.NETWORK).values_list("slug", flat=True))


@pytest.mark.usefixtures("loire_rhone")
@pytest.mark.parametrize("size", ["10", "100"])
def test_the_list_runs_in_at_most_ten_queries_whatever_the_page_size(
    client: Client, django_assert_max_num_queries: Any, size: str
) -> None:
    network = StructureFactory.create(name="Réseau des lieux", kind=StructureKind.NETWORK)
    disciplines = list(Discipline.objects.filter(slug__in=["theatre", "musique", "cirque"]))
    for structure in StructureFactory.create_batch(35, name="Compagnie du théâtre", commune=saint_etienne()):
        structure.disciplines.set(disciplines)
        RelationFactory.create(source=structure, target=network, kind=RelationKind.MEMBER_OF)
    params: dict[str, str] = {
        "q": "compagnie theatre",
        "territoire": "DEP-42",
        "discipline": "spectacle-vivant",
        "reseau": network.slug,
        "taille": size,
    }

    with django_assert_max_num_queries(10):
        response = client.get(URL, params)

    assert response.json()["total"] == 35
    assert len(response.json()["items"]) == min(int(size), 35)
    assert all(len(i["disciplines"]) == 3 for i in response.json()["items"])


# The OpenAPI document tells the truth about the endpoint.


class RecordingParams(dict[str, Any]):
    """Empty query parameters that note every name a parser asks for."""

    def __init__(self) -> None:
        super().__init__()
        self.read: set[str] = set()

    def get(self, name: str, default: Any = None) -> Any:
        self.read.add(name)
        return default

    def getlist(self, name: str) -> list[str]:
        self.read.add(name)
        return []


def search_operation(client: Client) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").json()["paths"][URL]["get"]


def test_the_documented_parameters_are_exactly_those_the_parser_reads(client: Client) -> None:
    params = RecordingParams()
    parse_filters(params)

    documented = {p["name"] for p in search_operation(client)["parameters"]}

    # The API adds its own: a minimum quality score and a cursor (tests/api/test_cursor_pagination.py).
    assert documented == params.read | {"score_qualite_minimum", "curseur"}
    assert all(p["in"] == "query" and p["description"] for p in search_operation(client)["parameters"])


def test_the_documented_parameters_list_the_values_the_parser_accepts(client: Client) -> None:
    schemas = {p["name"]: p["schema"] for p in search_operation(client)["parameters"]}

    assert schemas["famille"]["items"]["enum"] == list(EssFamily.values)
    assert schemas["type"]["items"]["enum"] == list(StructureKind.values)
    assert schemas["discipline"]["type"] == "array"
    assert schemas["etat"]["enum"] == list(STATES)
    assert schemas["tri"]["enum"] == [*SORTS, "score_qualite", "-score_qualite"]
    assert schemas["ess"]["enum"] == ["oui", "non"]
    assert (schemas["taille"]["type"], schemas["taille"]["maximum"]) == ("integer", 100)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/structures/export/csv/", "text/csv; charset=utf-8"),
        ("/structures/export/geojson/", "application/geo+json"),
        ("/structures/export/data-inclusion/", "application/json"),
    ],
)
def test_the_api_points_to_the_exports_which_take_the_same_parameters(
    client: Client, path: str, content_type: str
) -> None:
    StructureFactory.create(kind=StructureKind.NETWORK)

    assert f"`{path}`" in search_operation(client)["description"]
    response = client.get(path, {"type": "network"})
    assert (response.status_code, response["Content-Type"]) == (200, content_type)
    assert client.get(path, {"type": "theatre"}).status_code == 400


# One structure.
