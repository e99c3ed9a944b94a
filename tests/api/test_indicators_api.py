"""GET /api/v1/territoires/<id>/indicateurs: values beside parents and France, metadata, bounded queries."""

import pytest
from django.test import Client

from maillage.observatory.compute import snapshot_compute
from maillage.observatory.definitions import INDICATORS
from tests.observatory.directory import build_directory

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(loire_rhone: None) -> None:
    build_directory()
    snapshot_compute(label="Essai de l'API")


def by_key(body: dict) -> dict[str, dict]:
    return {item["key"]: item for item in body["indicators"]}


def test_indicators_of_a_departement_with_parents_france_and_metadata(client: Client, computed: None) -> None:
    response = client.get("/api/v1/territoires/DEP-42/indicateurs")

    assert response.status_code == 200
    body = response.json()
    assert body["territory"] == {"id": "DEP-42", "nom": "Loire", "niveau": "departement"}
    assert body["snapshot"]["label"] == "Essai de l'API"
    assert [i["key"] for i in body["indicators"]] == [i.key for i in INDICATORS]
    active = by_key(body)["structures_active"]
    assert active["label"] == "Structures culturelles de l'ESS en activité"
    assert active["unit"] == "structures"
    assert active["value"] == 6
    assert active["parents"] == [{"id": "REG-84", "name": "Auvergne-Rhône-Alpes", "value": 8}]
    assert active["france"] == 8
    assert active["history"] == [{"date": body["snapshot"]["date"], "value": 6}]
    assert active["metadata"]["definition"] == INDICATORS[0].definition
    assert active["metadata"]["source"] == "Annuaire maillage (structures actives)"
    assert active["metadata"]["millesime"].startswith("annuaire au ")


def test_breakdowns_carry_labels_and_shares(client: Client, computed: None) -> None:
    body = client.get("/api/v1/territoires/COM-42218/indicateurs").json()
    families = by_key(body)["structures_by_ess_family"]["breakdown"]
    assert families == [
        {"key": "association", "label": "Association", "value": 2, "share": pytest.approx(2 / 3)},
        {"key": "cooperative_scop", "label": "Coopérative : SCOP", "value": 1, "share": pytest.approx(1 / 3)},
    ]
    rate = by_key(body)["structures_per_10k"]
    assert rate["unit"] == "pour 10 000 habitants"
    assert "population du référentiel, millésime 2026" in rate["metadata"]["millesime"]
    share = by_key(body)["ess_share_cultural"]
    assert share["value"] == pytest.approx(30.0)
    assert share["metadata"]["source"] == "SIRENE, INSEE — stock des établissements"


def test_an_unknown_territory_is_a_404_in_french(client: Client, computed: None) -> None:
    response = client.get("/api/v1/territoires/DEP-999/indicateurs")
    assert response.status_code == 404
    assert response.json() == {"detail": "Territoire inconnu : DEP-999"}


def test_nothing_computed_yet_is_a_409_that_says_what_to_do(client: Client, loire_rhone: None) -> None:
    response = client.get("/api/v1/territoires/DEP-42/indicateurs")
    assert response.status_code == 409
    assert "Aucun indicateur n'a encore été calculé" in response.json()["detail"]
    assert "compute_indicators" in response.json()["detail"]


@pytest.mark.parametrize("territory_id", ["PAYS-99100", "REG-84", "DEP-42", "EPCI-244200770", "COM-42218"])
def test_queries_are_bounded_whatever_the_level(
    client: Client, computed: None, django_assert_max_num_queries, territory_id: str
) -> None:
    with django_assert_max_num_queries(10):
        response = client.get(f"/api/v1/territoires/{territory_id}/indicateurs")
    assert response.status_code == 200
    assert len(response.json()["indicators"]) == len(INDICATORS)


def test_openapi_describes_the_indicators_endpoint(client: Client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/territoires/{territory_id}/indicateurs"]["get"]
    assert operation["summary"] == "Les indicateurs de l'observatoire pour un territoire"
    assert "parent" in operation["description"]
    assert set(operation["responses"]) == {"200", "404", "409"}
    schema = document["components"]["schemas"]["TerritoryIndicators"]
    assert set(schema["properties"]) == {"territory", "snapshot", "indicators"}
    item = document["components"]["schemas"]["Indicator"]
    assert set(item["properties"]) >= {
        "key",
        "label",
        "unit",
        "value",
        "parents",
        "france",
        "breakdown",
        "history",
        "metadata",
    }
