"""GET /api/v1/initiatives and /api/v1/initiatives/{id}: public, filtered as the page, in OpenAPI."""

import pytest
from django.test import Client
from django.utils import timezone

from maillage.initiatives.enums import CarrierRole, InnovationFamily
from tests.initiatives.factories import InitiativeFactory, InitiativeFigureFactory, InitiativeStructureFactory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def test_the_list_holds_published_fiches_filtered_as_the_page(client: Client) -> None:
    fiche = InitiativeFactory.create(
        title="Pôle coopératif", published=True, family=InnovationFamily.GOVERNANCE
    )
    InitiativeStructureFactory.create(initiative=fiche, structure=StructureFactory.create(name="La Fabrique"))
    InitiativeFactory.create(title="Brouillon")
    body = client.get("/api/v1/initiatives").json()
    assert body["total"] == 1
    (item,) = body["items"]
    assert item["titre"] == "Pôle coopératif"
    assert item["structures"][0]["nom"] == "La Fabrique"
    assert item["structures"][0]["role"] == CarrierRole.CARRIER
    assert client.get("/api/v1/initiatives?typologie=activity").json()["total"] == 0
    error = client.get("/api/v1/initiatives?typologie=magie")
    assert error.status_code == 400
    assert error.json()["parametre"] == "typologie"


def test_one_fiche_by_number_or_slug_with_its_sourced_figures(client: Client) -> None:
    fiche = InitiativeFactory.create(title="Fiche chiffrée", published=True, missions="Une\nDeux")
    InitiativeFigureFactory.create(initiative=fiche, source_label="Rapport 2024")
    for ref in (fiche.pk, fiche.slug):
        body = client.get(f"/api/v1/initiatives/{ref}").json()
        assert body["missions"] == ["Une", "Deux"]
        assert body["chiffres"][0]["source"] == "Rapport 2024"
    draft = InitiativeFactory.create()
    withdrawn = InitiativeFactory.create(published=True, withdrawn_at=timezone.now())
    for ref in (draft.pk, withdrawn.slug, "٣", "inconnue", "99999999999999999999999"):
        assert client.get(f"/api/v1/initiatives/{ref}").status_code == 404


def test_the_list_costs_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: object
) -> None:
    for n in range(30):
        InitiativeStructureFactory.create(
            initiative=InitiativeFactory.create(title=f"Fiche {n}", published=True)
        )
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert len(client.get("/api/v1/initiatives").json()["items"]) == 30


def test_the_openapi_document_describes_the_initiatives(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    parameters = {p["name"] for p in paths["/api/v1/initiatives"]["get"]["parameters"]}
    assert {"q", "territoire", "typologie", "discipline", "famille", "page"} <= parameters
    assert "/api/v1/initiatives/{initiative_id}" in paths
