"""The catalogue's API: search with the page's filters, one scheme, a structure's explained matching."""

import pytest
from django.test import Client

from maillage.accounts.api_tokens import token_create
from maillage.structures.enums import HeadcountBand
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.schemes.factories import make_scheme
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.usefixtures("loire_rhone")


def test_search_takes_the_page_filters(client: Client, django_assert_max_num_queries) -> None:
    for n in range(12):
        make_scheme(title=f"Loire {n}", geo_codes=["DEP-42"], needs=["emploi"])
    make_scheme(title="Rhône", geo_codes=["DEP-69"])

    with django_assert_max_num_queries(8):
        data = client.get(
            "/api/v1/dispositifs", {"territoire": "COM-42218", "besoin": "emploi", "taille": "5"}
        ).json()

    assert data["total"] == 12
    assert len(data["items"]) == 5
    assert data["items"][0]["porteurs"][0]["roles"] == ["financeur"]


def test_a_bad_filter_says_which(client: Client) -> None:
    response = client.get("/api/v1/dispositifs", {"besoin": "licornes"})

    assert response.status_code == 400
    assert response.json()["parametre"] == "besoin"


def test_one_scheme_and_unknown_ids(client: Client) -> None:
    scheme = make_scheme(title="Fonds", min_years=2)

    assert client.get(f"/api/v1/dispositifs/{scheme.uid}").json()["eligibilite_annees_existence_minimal"] == 2
    assert client.get("/api/v1/dispositifs/pas-un-uuid").status_code == 404


def test_a_member_reads_the_explained_matching_with_a_key(client: Client) -> None:
    structure = StructureFactory.create(
        association=True, commune_id="COM-42218", headcount_band=HeadcountBand.UNKNOWN
    )
    member = StructureMembershipFactory.create(structure=structure).user
    make_scheme(title="Emploi", headcount_min=1)
    key = token_create(user=member, name="script", scopes=["dispositifs:read"]).key
    stranger = token_create(user=UserFactory.create(), name="script", scopes=["dispositifs:read"]).key

    response = client.get(
        f"/api/v1/structures/{structure.pk}/dispositifs", headers={"Authorization": f"Bearer {key}"}
    )
    refused = client.get(
        f"/api/v1/structures/{structure.pk}/dispositifs", headers={"Authorization": f"Bearer {stranger}"}
    )

    [match] = response.json()["dispositifs"]
    assert match["groupe"] == "a_preciser"
    assert match["criteres"][-1]["etat"] == "inconnu"
    assert match["criteres"][-1]["question"] == "headcount_band"
    assert refused.status_code == 404


def test_the_operations_are_described(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {
        "/api/v1/dispositifs",
        "/api/v1/dispositifs/{scheme_id}",
        "/api/v1/structures/{structure_id}/dispositifs",
    } <= set(paths)
