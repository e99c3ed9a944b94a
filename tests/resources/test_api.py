"""The library's API: the list with the page's filters, a resource, a collection; all in OpenAPI."""

import pytest
from django.test import Client
from django.utils import timezone

from tests.resources.factories import CollectionFactory, CollectionItemFactory, ResourceFactory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def test_the_list_reads_public_resources_with_the_page_filters(client: Client, loire_rhone: None) -> None:
    """Same filters and errors as the page; withdrawn resources never appear."""
    here = ResourceFactory.create(title="Guide ligérien", needs=["emploi"], territories=["DEP-42"])
    ResourceFactory.create(title="Ailleurs", territories=["DEP-69"])
    ResourceFactory.create(title="Retirée", withdrawn_at=timezone.now(), withdrawn_reason="Doublon")

    body = client.get("/api/v1/ressources?territoire=COM-42218").json()
    assert [item["slug"] for item in body["items"]] == [here.slug]
    assert body["items"][0]["territoires"] == [{"id": "DEP-42", "nom": "Loire"}]
    assert body["items"][0]["themes"] == ["emploi"]
    assert client.get("/api/v1/ressources").json()["total"] == 2
    bad = client.get("/api/v1/ressources?theme=inconnu")
    assert bad.status_code == 400
    assert bad.json()["parametre"] == "theme"


def test_the_list_is_query_bounded(client: Client, django_assert_max_num_queries: object) -> None:
    """Fifty resources with publishers and creators cost a handful of queries, not one per resource."""
    structure = StructureFactory.create()
    for _ in range(50):
        ResourceFactory.create(publisher=structure, creators=[structure])
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert len(client.get("/api/v1/ressources").json()["items"]) == 50


def test_a_resource_and_a_collection(client: Client) -> None:
    """A collection gives its public items in order with their notes; a withdrawn resource is a 404."""
    item = CollectionItemFactory.create(note="À lire d'abord", resource__creator_names="Camille Martin")
    CollectionItemFactory.create(
        collection=item.collection,
        resource__withdrawn_at=timezone.now(),
        resource__withdrawn_reason="Doublon",
    )
    CollectionFactory.create(parent=item.collection, slug="sous-collection")
    body = client.get(f"/api/v1/ressources/collections/{item.collection.slug}").json()
    assert [i["ressource"]["slug"] for i in body["items"]] == [item.resource.slug]
    assert body["items"][0]["note"] == "À lire d'abord"
    assert body["sous_collections"] == ["sous-collection"]
    detail = client.get(f"/api/v1/ressources/{item.resource.slug}").json()
    assert detail["auteurs"] == [{"nom": "Camille Martin", "url": None}]
    withdrawn = item.collection.items.exclude(pk=item.pk).get().resource
    assert client.get(f"/api/v1/ressources/{withdrawn.slug}").status_code == 404
    assert client.get("/api/v1/ressources/collections/inconnue").status_code == 404


def test_the_openapi_document_describes_the_library(client: Client) -> None:
    """The list operation and its filters are in the OpenAPI description."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    parameters = {p["name"] for p in paths["/api/v1/ressources"]["get"]["parameters"]}
    assert {"q", "territoire", "type", "theme", "discipline", "page"} <= parameters
    assert "/api/v1/ressources/collections/{slug}" in paths
    assert "/api/v1/ressources/collections" in paths
    assert "/api/v1/ressources/{slug}" in paths


def test_the_collections_are_listed_with_their_sizes_in_one_query(
    client: Client, django_assert_max_num_queries: object
) -> None:
    """Top-level public collections, each with its count of public resources, in one statement."""
    top = CollectionFactory.create(title="Emploi")
    for _ in range(3):
        CollectionItemFactory.create(collection=top)
    CollectionItemFactory.create(collection=top, resource__withdrawn_at=timezone.now())
    CollectionFactory.create(parent=top)
    with django_assert_max_num_queries(1):  # type: ignore[operator]
        body = client.get("/api/v1/ressources/collections").json()
    assert [(c["titre"], c["ressources"]) for c in body] == [("Emploi", 3)]
