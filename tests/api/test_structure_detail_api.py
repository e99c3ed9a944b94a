"""GET /api/v1/structures/<id>: place, figures, provenance, relations both ways, JSON 404, bounded queries."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from maillage.structures.enums import Activity, LabelKind, Metric, RelationKind, StructureKind
from maillage.structures.models import Discipline, Structure, StructureActivity
from maillage.structures.reference.sources import MEETINGS_2012
from maillage.territories.models import Territory
from tests.api.structure_api_data import C_ET_C, C_ET_C_MEMBERS, URL, saint_etienne
from tests.structures.factories import KeyFigureFactory, LabelFactory, RelationFactory, StructureFactory

pytestmark = pytest.mark.django_db


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
