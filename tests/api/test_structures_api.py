"""GET /api/v1/structures: the page's filters as parameters, pages, JSON errors, detail, bounded queries."""

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from maillage.structures.enums import Activity, EssFamily, LabelKind, Metric, RelationKind, StructureKind
from maillage.structures.models import Discipline, Structure, StructureActivity
from maillage.structures.reference.sources import MEETINGS_2012
from maillage.structures.search import SORTS, STATES, parse_filters
from maillage.territories.models import Territory
from tests.referential import import_departements
from tests.structures.factories import KeyFigureFactory, LabelFactory, RelationFactory, StructureFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/structures"
C_ET_C = "culture-et-cooperation"
C_ET_C_MEMBERS = {
    "le-fil",
    "yes-high-tech",
    "le-france",
    "le-remue-meninges",
    "les-noctambules",
    "cd1d",
    "la-fabrique",
    "la-baroufada",
}


def load_reference_data() -> None:
    call_command("load_reference_data", stdout=io.StringIO())


@pytest.fixture
def reference_data(loire_rhone: None) -> None:
    """The Loire and the Rhône, then the 31 structures of the reference dataset."""
    load_reference_data()


def ids(response: Any) -> list[str]:
    return [item["id"] for item in response.json()["items"]]


def saint_etienne() -> Territory:
    return Territory.objects.get(id="COM-42218")


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


@pytest.mark.usefixtures("reference_data")
def test_the_detail_of_culture_et_cooperation_gives_place_figures_and_provenance(client: Client) -> None:
    response = client.get(f"{URL}/{C_ET_C}")

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["nom"], body["type"], body["famille_ess"]) == (
        C_ET_C,
        "Culture et Coopération",
        "ptce_cluster",
        "association",
    )
    assert body["commune"] == {"id": "COM-42218", "nom": "Saint-Étienne", "code_insee": "42218"}
    assert (body["adresse"], body["code_postal"]) == ("20 rue Saint-Joseph", "42000")
    assert body["territoires"] == ["COM-42218", "EPCI-244200770", "DEP-42", "REG-84"]
    assert (body["creation"], body["creation_precision"]) == ("2010-10-01", "month")
    assert (body["en_activite"], body["fermee_le"]) == (True, None)
    turnover = next(f for f in body["chiffres"] if f["indicateur"] == Metric.TURNOVER)
    assert turnover == {
        "annee": 2015,
        "indicateur": "turnover",
        "valeur": 3_000_000,
        "approchee": True,
        "qualificatif": "plus de",
        "note": turnover["note"],
        "source": {
            "libelle": "« Culture et Coopération (Loire) », Le Labo de l'ESS, initiatives inspirantes PTCE",
            "url": None,
            "date": "2015-09-09",
        },
    }
    assert (body["source"], body["source_id"], body["source_date"]) == (
        "reference_seed",
        C_ET_C,
        "2015-09-09",
    )
    assert body["url"] == f"http://testserver/structures/{C_ET_C}/"


@pytest.mark.usefixtures("reference_data")
def test_the_detail_lists_relations_both_ways_and_joint_acts(client: Client) -> None:
    relations = client.get(f"{URL}/{C_ET_C}").json()["relations"]

    members = {
        r["structure"]["id"] for r in relations if r["type"] == "member_of" and r["sens"] == "entrante"
    }
    supporters = {r["structure"]["nom"] for r in relations if r["type"] == "supported_by"}
    meeting = next(r for r in relations if r["type"] == "organiser_of")
    assert members == C_ET_C_MEMBERS
    assert all(r["sens"] == "sortante" for r in relations if r["type"] == "supported_by")
    assert supporters == {"Région Rhône-Alpes", "Communauté d'agglomération de Saint-Étienne"}
    assert (meeting["sens"], meeting["structure"], meeting["acte"]) == ("sortante", None, MEETINGS_2012)
    assert (meeting["debut"], meeting["fin"]) == ("2012-03-20", "2012-03-21")
    member = client.get(f"{URL}/le-fil").json()["relations"]
    assert {
        "type": "member_of",
        "sens": "sortante",
        "structure": {
            "id": C_ET_C,
            "nom": "Culture et Coopération",
            "url": f"http://testserver/structures/{C_ET_C}/",
        },
    }.items() <= next(r for r in member if r["type"] == "member_of").items()


@pytest.mark.usefixtures("loire_rhone")
def test_the_detail_gives_legal_form_activity_labels_branches_and_contact(client: Client) -> None:
    parent = StructureFactory.create(name="Fédération", kind=StructureKind.NETWORK)
    structure = StructureFactory.create(
        association=True,
        with_siret=True,
        parent=parent,
        naf_code="90.01Z",
        naf_label="Arts du spectacle vivant",
        other_names="Ancien nom\n\nNom d'usage",
        phone="04 77 00 00 00",
        website="https://compagnie.example",
    )
    structure.labels.set(
        [LabelFactory.create(name="Scène conventionnée", acronym="SC", kind=LabelKind.LABEL)]
    )
    structure.territories_served.set(Territory.objects.filter(id__in=["DEP-42", "DEP-69"]))
    StructureActivity.objects.create(structure=structure, activity=Activity.CREATION)
    branch = StructureFactory.create(parent=structure)

    body = client.get(f"{URL}/{structure.slug}").json()

    assert body["categorie_juridique"] == {"code": "9220", "libelle": "Association déclarée"}
    assert body["naf"] == {"code": "90.01Z", "libelle": "Arts du spectacle vivant"}
    assert (body["siret"], body["siren"]) == (structure.siret, structure.siret[:9])
    assert body["autres_noms"] == ["Ancien nom", "Nom d'usage"]
    assert body["activites"] == ["creation"]
    assert body["labels"] == [{"nom": "Scène conventionnée", "sigle": "SC", "nature": "label"}]
    assert body["territoires_d_action"] == [
        {"id": "DEP-42", "nom": "Loire"},
        {"id": "DEP-69", "nom": "Rhône"},
    ]
    assert body["rattachement"]["id"] == parent.slug
    assert [b["id"] for b in body["antennes"]] == [branch.slug]
    assert (body["site_web"], body["courriel"], body["telephone"]) == (
        "https://compagnie.example",
        structure.email,
        "04 77 00 00 00",
    )
    assert (body["commune"], body["territoires"]) == (None, [])


def test_a_closed_structure_says_since_when(client: Client) -> None:
    closed = StructureFactory.create(closed=True, closed_on=datetime.date(2019, 12, 31))

    body = client.get(f"{URL}/{closed.slug}").json()

    assert (body["en_activite"], body["fermee_le"]) == (False, "2019-12-31")


def test_a_structure_is_also_found_by_its_number_unless_a_slug_reads_the_same(client: Client) -> None:
    structure = StructureFactory.create()
    other = StructureFactory.create()

    assert client.get(f"{URL}/{structure.pk}").json()["id"] == structure.slug
    Structure.objects.filter(pk=other.pk).update(slug=str(structure.pk))
    assert client.get(f"{URL}/{structure.pk}").json()["id"] == str(structure.pk)


@pytest.mark.parametrize("structure_id", ["inconnue", "999999", "9" * 30, "<script>"])
def test_an_unknown_structure_is_a_json_404(client: Client, structure_id: str) -> None:
    response = client.get(f"{URL}/{structure_id}")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith("Structure inconnue")


@pytest.mark.usefixtures("loire_rhone")
def test_the_detail_runs_in_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    structure = StructureFactory.create(commune=saint_etienne(), association=True)
    structure.disciplines.set(Discipline.objects.all())
    for partner in StructureFactory.create_batch(20):
        RelationFactory.create(source=structure, target=partner)
        RelationFactory.create(source=partner, target=structure, kind=RelationKind.MEMBER_OF)
    KeyFigureFactory.create_batch(10, structure=structure, value=Decimal("1234.50"))

    with django_assert_max_num_queries(9):
        client.get(f"{URL}/{structure.slug}")
    with django_assert_max_num_queries(10):
        body = client.get(f"{URL}/{structure.pk}").json()

    assert len(body["relations"]) == 40
    assert len(body["chiffres"]) == 10
    assert body["chiffres"][0]["valeur"] == 1234.5
