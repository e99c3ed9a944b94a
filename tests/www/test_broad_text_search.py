"""A broad text search on the directory's list says "plus de" and shows its filters without counts."""

import re

import pytest
from django.test import Client

from maillage.structures import search
from maillage.structures.enums import RelationKind, StructureKind
from maillage.structures.relation_services import relation_create
from maillage.structures.services import structure_create
from maillage.territories.models import Territory

pytestmark = pytest.mark.usefixtures("loire_rhone")


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch) -> str:
    """Build a network of six theatres of Saint-Étienne, with a search limit of four."""
    monkeypatch.setattr(search, "TEXT_FACETS_LIMIT", 4)
    saint_etienne = Territory.objects.get(id="COM-42218")
    network = structure_create(name="Réseau des scènes", kind=StructureKind.NETWORK)
    for i in range(6):
        member = structure_create(name=f"Théâtre de quartier {i}", commune=saint_etienne)
        relation_create(source=member, kind=RelationKind.MEMBER_OF, target=network)
    return network.slug


def test_a_broad_search_says_more_than_and_hides_the_counts(client: Client, network: str) -> None:
    response = client.get("/structures/", {"q": "theatre"})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<h2 id="results-title">Plus de 4 structures</h2>', html)
    assert "seules les 4 premières structures se parcourent" in html
    assert 'class="count"' not in html  # no count beside a filter
    assert "territoire=REG-84" in html  # the filters are still offered: its région
    assert "page 1 sur plus de 1" not in html  # a single page of 20 says no page count


def test_a_narrower_search_is_counted(client: Client, network: str) -> None:
    response = client.get("/structures/", {"q": "theatre quartier 3"})
    html = response.content.decode()
    assert '<h2 id="results-title">1 structure</h2>' in html
    assert 'class="count">(1)</span>' in html


def test_a_networks_members_are_counted_whole(client: Client, network: str) -> None:
    response = client.get(f"/structures/{network}/membres/", {"q": "theatre"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "6 membres correspondent aux critères." in html
    assert "Plus de 4" not in html
