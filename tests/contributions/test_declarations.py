"""Relations and key figures a structure declares: members add them at once, others propose them."""

import html
from decimal import Decimal

from django.urls import reverse

from maillage.contributions.declarations import FIGURE_SOURCE
from maillage.contributions.enums import RequestStatus
from maillage.contributions.models import ChangeRequest
from maillage.structures.enums import Metric, RelationKind
from maillage.structures.models import KeyFigure, Relation, Structure
from tests.contributions.conftest import add_member
from tests.structures.factories import RelationFactory, StructureFactory


def url(structure: Structure) -> str:
    return reverse("contributions:declarations", args=[structure.slug])


def test_a_member_adds_and_removes_a_partner_at_once(client, sirene_structure) -> None:
    partner = StructureFactory.create(with_siret=True, name="La Comète")
    client.force_login(add_member(sirene_structure))
    response = client.post(
        url(sirene_structure),
        {"action": "add_relation", "relation-kind": "partner", "relation-target": partner.siret},
    )
    assert response.status_code == 302
    relation = Relation.objects.get(source=sirene_structure, target=partner, kind=RelationKind.PARTNER)
    page = client.get(url(sirene_structure)).content.decode()
    assert "La Comète" in page
    response = client.post(url(sirene_structure), {"action": "remove_relation", "relation": relation.pk})
    assert response.status_code == 302
    assert not Relation.objects.filter(pk=relation.pk).exists()
    assert not ChangeRequest.objects.exists()


def test_an_outsider_proposes_a_network_and_a_figure_which_a_coordinator_accepts(
    client, sirene_structure, outsider, loire_coordinator
) -> None:
    network = StructureFactory.create(network=True, name="Réseau des arts de la rue")
    client.force_login(outsider)
    link = f"http://testserver/structures/{network.slug}/"
    response = client.post(
        url(sirene_structure),
        {"action": "add_relation", "relation-kind": "member_of", "relation-target": link},
    )
    relation_request = ChangeRequest.objects.get()
    assert response.url == reverse("contributions:request", args=[relation_request.pk])
    client.post(
        url(sirene_structure),
        {
            "action": "set_figure",
            "chiffre-year": "2024",
            "chiffre-metric": "budget",
            "chiffre-value": "120 000",
        },
    )
    figure_request = ChangeRequest.objects.exclude(pk=relation_request.pk).get()
    assert figure_request.proposed == {"figures": [{"year": 2024, "metric": "budget", "value": "120000"}]}
    assert not Relation.objects.filter(source=sirene_structure).exists()
    assert not KeyFigure.objects.exists()

    client.force_login(loire_coordinator)
    queue = client.get(reverse("contributions:moderation")).content.decode()
    assert "Relation ajoutée" in queue
    assert "Membre de « Réseau des arts de la rue »" in queue
    assert "Budget : 120\u202f000" in queue
    assert "Corriger puis accepter" not in queue
    for request in (relation_request, figure_request):
        client.post(reverse("contributions:request", args=[request.pk]), {"action": "accept"})
        request.refresh_from_db()
        assert request.status == RequestStatus.ACCEPTED
    assert Relation.objects.filter(
        source=sirene_structure, kind=RelationKind.MEMBER_OF, target=network
    ).exists()
    figure = KeyFigure.objects.get(structure=sirene_structure)
    assert (figure.year, figure.metric, figure.value) == (2024, Metric.BUDGET, Decimal(120000))
    assert figure.source_label == FIGURE_SOURCE


def test_bad_declarations_are_explained(client, sirene_structure) -> None:
    partner = StructureFactory.create(name="La Comète")
    RelationFactory.create(source=partner, kind=RelationKind.PARTNER, target=sirene_structure)
    client.force_login(add_member(sirene_structure))
    cases = [
        ({"relation-kind": "partner", "relation-target": "Nulle Part"}, "Structure introuvable"),
        (
            {"relation-kind": "partner", "relation-target": "la comète"},
            "Cette relation figure déjà sur la fiche.",
        ),
        ({"relation-kind": "partner", "relation-target": sirene_structure.slug}, "liée à elle-même"),
        ({"relation-kind": "founder_of", "relation-target": "La Comète"}, "Sélectionnez un choix valide"),
    ]
    for data, error in cases:
        response = client.post(url(sirene_structure), {"action": "add_relation", **data})
        assert response.status_code == 400
        assert error in response.content.decode()
    response = client.post(
        url(sirene_structure),
        {"action": "set_figure", "chiffre-year": "1800", "chiffre-metric": "budget", "chiffre-value": "-3"},
    )
    assert response.status_code == 400
    assert Relation.objects.count() == 1
    assert not KeyFigure.objects.exists()


def test_a_relation_declared_by_another_structure_cannot_be_removed_from_here(
    client, sirene_structure
) -> None:
    other = StructureFactory.create()
    relation = RelationFactory.create(
        source=other, kind=RelationKind.PARTNER, target=StructureFactory.create()
    )
    client.force_login(add_member(sirene_structure))
    response = client.post(url(sirene_structure), {"action": "remove_relation", "relation": relation.pk})
    assert response.status_code == 404
    assert Relation.objects.filter(pk=relation.pk).exists()


def test_a_figure_typed_the_french_way_is_understood(client, sirene_structure) -> None:
    """« 45 000,50 € » is what a treasurer types; it is 45000.50, not an error."""
    client.force_login(add_member(sirene_structure))

    response = client.post(
        url(sirene_structure),
        {
            "action": "set_figure",
            "chiffre-year": "2024",
            "chiffre-metric": "budget",
            "chiffre-value": "45 000,50 €",
        },
    )

    assert response.status_code == 302
    assert KeyFigure.objects.get(structure=sirene_structure).value == Decimal("45000.50")


def test_a_figure_in_other_digits_is_refused_in_french(client, sirene_structure) -> None:
    client.force_login(add_member(sirene_structure))

    response = client.post(
        url(sirene_structure),
        {
            "action": "set_figure",
            "chiffre-year": "2024",
            "chiffre-metric": "budget",
            "chiffre-value": "٤٥٠٠٠",
        },
    )

    assert response.status_code == 400
    assert "n'est pas un nombre" in html.unescape(response.content.decode())
    assert not KeyFigure.objects.exists()
