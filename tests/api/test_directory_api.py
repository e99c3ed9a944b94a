"""The directory's other lists: relations, networks and members, key figures, disciplines, labels, imports."""

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.structures.enums import RelationKind, RelationState, StructureKind
from tests.structures.factories import (
    DisciplineFactory,
    KeyFigureFactory,
    LabelFactory,
    RelationFactory,
    StructureFactory,
)

pytestmark = pytest.mark.django_db


def test_relations_list_only_confirmed_links_between_published_structures(client: Client) -> None:
    network = StructureFactory.create(kind=StructureKind.NETWORK)
    shown = RelationFactory.create(kind=RelationKind.MEMBER_OF, target=network)
    RelationFactory.create(kind=RelationKind.MEMBER_OF, target=network, state=RelationState.DECLARED)
    withdrawn = StructureFactory.create(withdrawn_at="2026-01-01T00:00:00Z")
    RelationFactory.create(source=withdrawn, target=network)

    body = client.get("/api/v1/relations").json()

    assert [i["id"] for i in body["items"]] == [shown.pk]
    assert body["items"][0]["cible"]["id"] == network.slug
    assert body["items"][0]["type"] == "member_of"


def test_relations_filter_by_structure_and_kind(client: Client) -> None:
    one = StructureFactory.create()
    partner = RelationFactory.create(source=one, kind=RelationKind.PARTNER)
    incoming = RelationFactory.create(target=one, kind=RelationKind.MEMBER_OF)
    RelationFactory.create()

    both = client.get("/api/v1/relations", {"structure": one.slug}).json()["items"]
    members = client.get("/api/v1/relations", {"structure": one.slug, "type": "member_of"}).json()["items"]

    assert {i["id"] for i in both} == {partner.pk, incoming.pk}
    assert [i["id"] for i in members] == [incoming.pk]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"type": "ami_de"}, "type"),
        ({"structure": "personne"}, "structure"),
        ({"page": "zéro"}, "page"),
        ({"taille": "-3"}, "taille"),
        ({"curseur": "n'importe quoi"}, "curseur"),
    ],
)
def test_bad_list_parameters_are_400_in_french(client: Client, params: dict[str, str], name: str) -> None:
    response = client.get("/api/v1/relations", params)

    assert response.status_code == 400
    assert response.json()["parametre"] == name
    assert response.json()["detail"][0].isupper() or response.json()["detail"].startswith("«")


def test_relations_by_cursor_come_once_each_while_others_are_added(client: Client) -> None:
    existing = {r.pk for r in RelationFactory.create_batch(11)}
    seen: list[int] = []
    body = client.get("/api/v1/relations", {"curseur": "", "taille": "4"}).json()
    seen += [i["id"] for i in body["items"]]
    while body["curseur_suivant"]:
        RelationFactory.create()
        body = client.get("/api/v1/relations", {"curseur": body["curseur_suivant"], "taille": "4"}).json()
        seen += [i["id"] for i in body["items"]]

    assert len(seen) == len(set(seen))
    assert existing <= set(seen)


def test_networks_list_their_current_members(client: Client) -> None:
    network = StructureFactory.create(kind=StructureKind.NETWORK, name="Réseau des lieux")
    members = StructureFactory.create_batch(3)
    for member in members:
        RelationFactory.create(source=member, target=network, kind=RelationKind.MEMBER_OF)
    RelationFactory.create(target=network, kind=RelationKind.MEMBER_OF, state=RelationState.DECLARED)
    StructureFactory.create()  # not a network

    networks = client.get("/api/v1/reseaux").json()["items"]
    listed = client.get(f"/api/v1/reseaux/{network.slug}/membres").json()

    assert [(n["id"], n["membres"]) for n in networks] == [(network.slug, 3)]
    assert {m["id"] for m in listed["items"]} == {m.slug for m in members}
    assert client.get("/api/v1/reseaux/inconnu/membres").status_code == 404


def test_key_figures_list_and_filter(client: Client) -> None:
    figure = KeyFigureFactory.create(metric="employees", year=2023, value=Decimal("12"))
    KeyFigureFactory.create(metric="budget", year=2022)

    found = client.get("/api/v1/chiffres-cles", {"indicateur": "employees", "annee": "2023"}).json()["items"]

    assert [(f["id"], f["valeur"]) for f in found] == [(figure.pk, 12)]
    assert client.get("/api/v1/chiffres-cles", {"annee": "deux"}).status_code == 400
    assert client.get("/api/v1/chiffres-cles", {"indicateur": "joie"}).status_code == 400


def test_disciplines_and_labels_are_listed(client: Client) -> None:
    parent = DisciplineFactory.create(slug="spectacle-vivant-test", name="Spectacle vivant")
    DisciplineFactory.create(slug="theatre-test", name="Théâtre", parent=parent)
    label = LabelFactory.create(name="Scène conventionnée test")
    StructureFactory.create().labels.add(label)

    disciplines = {d["id"]: d["parent"] for d in client.get("/api/v1/referentiels/disciplines").json()}
    labels = {x["nom"]: x["structures"] for x in client.get("/api/v1/referentiels/labels").json()}

    assert disciplines["theatre-test"] == "spectacle-vivant-test"
    assert labels["Scène conventionnée test"] == 1


def test_import_runs_show_their_summary_not_their_rows(client: Client) -> None:
    ImportRun.objects.create(
        kind=ImportKind.SIRENE,
        status=ImportStatus.APPLIED,
        counts={"created": 3, "updated": 5, "note": "texte"},
        report={"rows": [{"siret": "12345678900011"}]},
    )

    [run] = client.get("/api/v1/imports").json()["items"]

    assert (run["source"], run["etat"], run["compteurs"]) == (
        "sirene",
        "applied",
        {"created": 3, "updated": 5},
    )
    assert "12345678900011" not in str(run)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/relations",
        "/api/v1/reseaux",
        "/api/v1/chiffres-cles",
        "/api/v1/imports",
        "/api/v1/enquetes",
        "/api/v1/referentiels/labels",
        "/api/v1/referentiels/disciplines",
    ],
)
def test_each_list_runs_in_a_bounded_number_of_queries(
    client: Client, url: str, django_assert_max_num_queries: Any
) -> None:
    network = StructureFactory.create(kind=StructureKind.NETWORK)
    for _ in range(25):
        RelationFactory.create(target=network, kind=RelationKind.MEMBER_OF)
    KeyFigureFactory.create_batch(25)
    for _ in range(25):
        ImportRun.objects.create(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED)

    with django_assert_max_num_queries(6):
        response = client.get(url, {"taille": "50"})
    with django_assert_max_num_queries(6):
        client.get(url, {"curseur": "", "taille": "50"})

    assert response.status_code == 200


def test_a_network_s_members_run_in_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    network = StructureFactory.create(kind=StructureKind.NETWORK)
    for _ in range(30):
        RelationFactory.create(target=network, kind=RelationKind.MEMBER_OF)

    with django_assert_max_num_queries(6):
        body = client.get(f"/api/v1/reseaux/{network.slug}/membres", {"taille": "50"}).json()

    assert body["total"] == 30
