"""The library's pages: filters without JavaScript, a resource with its CreativeWork, a collection."""

import datetime
import json
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.structures.enums import DatePrecision
from tests.events.jsonld import expand
from tests.resources.factories import CollectionFactory, CollectionItemFactory, ResourceFactory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db
SCHEMA = "http://schema.org/"


def titles(client: Client, query: str = "", path: str = "") -> list[str]:
    response = client.get((path or reverse("resources:list")) + query)
    assert response.status_code == 200
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', unescape(response.content.decode()))


def test_the_library_filters_by_theme_territory_and_type(client: Client, loire_rhone: None) -> None:
    """A guide on employment in the Loire is found by its theme, by Saint-Étienne and by the Loire."""
    ResourceFactory.create(title="Guide de l'emploi partagé", needs=["emploi"], territories=["DEP-42"])
    ResourceFactory.create(
        title="Étude lyonnaise", kind="etude", needs=["numerique"], territories=["COM-69123"]
    )
    ResourceFactory.create(title="Retirée", withdrawn_at=timezone.now(), withdrawn_reason="Doublon")

    assert set(titles(client)) == {"Guide de l'emploi partagé", "Étude lyonnaise"}
    assert titles(client, "?theme=emploi") == ["Guide de l'emploi partagé"]
    assert titles(client, "?territoire=COM-42218") == ["Guide de l'emploi partagé"]
    assert titles(client, "?territoire=DEP-69") == ["Étude lyonnaise"]
    assert titles(client, "?type=etude") == ["Étude lyonnaise"]
    assert titles(client, "?q=lyonnaise") == ["Étude lyonnaise"]
    # French stems, accents folded, the last word as a prefix.
    assert titles(client, "?q=etudes") == ["Étude lyonnaise"]
    assert titles(client, "?q=emplo") == ["Guide de l'emploi partagé"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?theme=inconnu", "Thème inconnu"),
        ("?type=roman", "Type de ressource inconnu"),
        ("?territoire=DEP-999", "Territoire inconnu"),
        ("?discipline=zzz", "Discipline inconnue"),
        ("?q=a%00b", "caractère nul"),
    ],
)
def test_bad_filters_are_refused_in_french(client: Client, query: str, message: str) -> None:
    """A filter the library cannot read is a 400 that says which one, never a 500."""
    response = client.get(reverse("resources:list") + query)
    assert response.status_code == 400
    assert message in unescape(response.content.decode())


def test_the_list_costs_the_same_queries_for_three_or_thirty_resources(
    client: Client, django_assert_max_num_queries: object
) -> None:
    """Publisher, creators, territories and disciplines are fetched per page, not per resource."""
    structure = StructureFactory.create()
    for _ in range(30):
        ResourceFactory.create(publisher=structure, creators=[structure])
    CollectionFactory.create()
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        assert client.get(reverse("resources:list")).status_code == 200


def test_a_resource_page_has_a_creative_work_that_pyld_reads(client: Client) -> None:
    """pyld expands the page's JSON-LD to a schema.org CreativeWork with its publisher, creators and date."""
    publisher = StructureFactory.create(name="Agence des coopérations")
    resource = ResourceFactory.create(
        title="Guide de la mutualisation",
        publisher=publisher,
        creator_names="Camille Martin",
        published_on=datetime.date(2010, 1, 1),
        date_precision=DatePrecision.YEAR,
        licence="CC BY-SA 4.0",
    )
    html = client.get(resource.get_absolute_url()).content.decode()
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    (node,) = expand(json.loads(script))

    assert node["@type"] == [f"{SCHEMA}CreativeWork"]
    assert node[f"{SCHEMA}name"][0]["@value"] == "Guide de la mutualisation"
    assert node[f"{SCHEMA}datePublished"][0]["@value"] == "2010"
    assert node[f"{SCHEMA}license"][0]["@value"] == "CC BY-SA 4.0"
    (org,) = node[f"{SCHEMA}publisher"]
    assert org["@type"] == [f"{SCHEMA}Organization"]
    assert org[f"{SCHEMA}name"][0]["@value"] == "Agence des coopérations"
    (person,) = node[f"{SCHEMA}creator"]
    assert person[f"{SCHEMA}name"][0]["@value"] == "Camille Martin"
    assert "2010" in html
    assert "janvier" not in html  # a year is shown as a year


def test_a_withdrawn_resource_is_hidden_but_kept(client: Client) -> None:
    """Withdrawn, the resource answers 404 to the public and leaves the collection; its row stays."""
    item = CollectionItemFactory.create(
        resource__withdrawn_at=timezone.now(), resource__withdrawn_reason="Doublon"
    )
    assert client.get(item.resource.get_absolute_url()).status_code == 404
    assert titles(client, path=item.collection.get_absolute_url()) == []
    item.resource.refresh_from_db()


def test_a_collection_lists_its_resources_in_order_with_the_editor_notes(
    client: Client, django_assert_max_num_queries: object
) -> None:
    """The items come in the editor's order, each with its note; sub-collections are listed below."""
    collection = CollectionFactory.create(title="Emploi culturel")
    for position, title in enumerate(["Troisième", "Premier", "Deuxième"]):
        CollectionItemFactory.create(
            collection=collection, resource__title=title, position=(2, 0, 1)[position], note=f"Note {title}"
        )
    CollectionFactory.create(title="Sous-collection des GE", parent=collection)
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get(collection.get_absolute_url())
    html = unescape(response.content.decode())
    assert titles(client, path=collection.get_absolute_url()) == ["Premier", "Deuxième", "Troisième"]
    assert "Note Premier" in html
    assert "Sous-collection des GE" in html


def test_related_resources_share_a_collection_or_a_structure(client: Client) -> None:
    """A resource page proposes those of its collection and of its publisher, never itself."""
    publisher = StructureFactory.create()
    first = ResourceFactory.create(title="Premier guide", publisher=publisher)
    ResourceFactory.create(title="Second guide", publisher=publisher)
    ResourceFactory.create(title="Sans rapport")
    html = unescape(client.get(first.get_absolute_url()).content.decode())
    related = html.split("Ressources proches", 1)[1]
    assert "Second guide" in related
    assert "Sans rapport" not in related
    assert "Premier guide" not in related


def test_the_dublin_core_export_follows_the_filters(client: Client) -> None:
    """The CSV has Dublin Core columns and the filtered resources only."""
    ResourceFactory.create(title="Guide emploi", needs=["emploi"], creator_names="Camille Martin")
    ResourceFactory.create(title="Guide numérique", needs=["numerique"])
    response = client.get(reverse("resources:export") + "?theme=emploi")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    header, *rows = text.strip().splitlines()
    assert header.startswith("dc:identifier,dc:title,dc:type,dc:creator")
    assert len(rows) == 1
    assert "Guide emploi" in rows[0]
    assert "Camille Martin" in rows[0]
    assert "Emploi et fonction employeur" in rows[0]
