"""GET /api/v1/structures?score_qualite_minimum=…&tri=score_qualite, like data·inclusion's filter."""

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from maillage.quality.models import RecordScore
from maillage.structures.models import Structure
from maillage.structures.services import structure_update
from tests.accounts.factories import UserFactory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/structures"


def _score(slug: str, value: int) -> None:
    """Set a stored score by hand, to test the filter apart from the criteria."""
    RecordScore.objects.filter(record_id=Structure.objects.get(slug=slug).pk).update(score=value)


@pytest.fixture
def three() -> dict[str, Any]:
    low = StructureFactory.create(name="Faible", slug="faible", description="")
    mid = StructureFactory.create(name="Moyenne", slug="moyenne")
    high = StructureFactory.create(name="Haute", slug="haute", phone="04 77 00 00 00", with_siret=True)
    call_command("quality_recompute", stdout=io.StringIO())
    _score("faible", 20)
    _score("moyenne", 55)
    _score("haute", 90)
    return {"low": low, "mid": mid, "high": high}


def test_the_minimum_keeps_the_records_that_reach_it(client: Client, three: dict[str, Any]) -> None:
    body = client.get(URL, {"score_qualite_minimum": "50"}).json()

    assert {i["id"] for i in body["items"]} == {"moyenne", "haute"}
    assert body["total"] == 2
    assert {i["id"]: i["score_qualite"] for i in body["items"]} == {"moyenne": 55, "haute": 90}


def test_the_minimum_follows_the_record_when_it_improves(client: Client, three: dict[str, Any]) -> None:
    minimum = RecordScore.objects.get(record_id=three["low"].pk)
    call_command("quality_recompute", stdout=io.StringIO())
    minimum.refresh_from_db()
    threshold = str(minimum.score + 1)
    assert "faible" not in {
        i["id"] for i in client.get(URL, {"score_qualite_minimum": threshold}).json()["items"]
    }

    structure_update(
        structure=three["low"], actor=UserFactory.create(), description="Un lieu de fabrique. " * 12
    )

    found = client.get(URL, {"score_qualite_minimum": threshold}).json()["items"]
    assert "faible" in {i["id"] for i in found}


def test_the_score_sorts_the_list_both_ways(client: Client, three: dict[str, Any]) -> None:
    down = client.get(URL, {"tri": "score_qualite"}).json()["items"]
    up = client.get(URL, {"tri": "-score_qualite"}).json()["items"]

    assert [i["id"] for i in down] == ["haute", "moyenne", "faible"]
    assert [i["id"] for i in up] == ["faible", "moyenne", "haute"]


def test_the_next_page_keeps_the_quality_parameters(client: Client, three: dict[str, Any]) -> None:
    body = client.get(URL, {"score_qualite_minimum": "10", "tri": "score_qualite", "taille": "1"}).json()

    assert "score_qualite_minimum=10" in body["suivant"]
    assert "tri=score_qualite" in body["suivant"]
    assert [i["id"] for i in client.get(body["suivant"]).json()["items"]] == ["moyenne"]


@pytest.mark.parametrize("value", ["abc", "101", "-1", "٣", "5.5"])
def test_a_bad_minimum_is_a_400_in_french(client: Client, value: str) -> None:
    response = client.get(URL, {"score_qualite_minimum": value})

    assert response.status_code == 400
    assert response.json()["parametre"] == "score_qualite_minimum"
    assert "nombre entier de 0 à 100" in response.json()["detail"]


def test_the_filtered_list_runs_in_a_bounded_number_of_queries(
    client: Client, three: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    StructureFactory.create_batch(30)
    call_command("quality_recompute", stdout=io.StringIO())

    with django_assert_max_num_queries(8):
        body = client.get(URL, {"score_qualite_minimum": "0", "tri": "score_qualite", "taille": "50"}).json()

    assert body["total"] == 33
