"""A withdrawn record is hidden from the public and kept whole; only staff erase one, with a trace."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict

from maillage.history.enums import RevisionAction
from maillage.history.models import Revision
from maillage.observatory.measures import counted
from maillage.structures.enums import RelationKind, WithdrawalReason
from maillage.structures.models import Structure
from maillage.structures.relation_services import relation_create
from maillage.structures.search import filter_structures, parse_filters
from maillage.structures.services import structure_create
from maillage.structures.withdrawal import structure_erase, structure_republish, structure_withdraw
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def listed() -> set[str]:
    return set(filter_structures(parse_filters(QueryDict("etat=tous"))).values_list("name", flat=True))


def test_a_withdrawn_record_leaves_the_directory_and_the_indicators_until_published_again(loire_rhone):
    kept = structure_create(name="Le Fil", commune_id="COM-42218")
    gone = structure_create(name="La Baroufada", commune_id="COM-42218")
    staff = UserFactory.create(is_staff=True, is_superuser=True)

    structure_withdraw(structure=gone, actor=staff, comment="Demande de la structure.")

    assert listed() == {"Le Fil"}
    assert set(Structure.objects.filter(counted()).values_list("pk", flat=True)) == {kept.pk}
    gone.refresh_from_db()
    assert gone.withdrawn_reason == WithdrawalReason.STAFF
    assert Revision.objects.filter(structure=gone, changes__has_key="withdrawn_at").exists()
    structure_republish(structure=gone, actor=staff)
    assert listed() == {"Le Fil", "La Baroufada"}


def test_only_staff_erase_and_the_erasure_stays_in_the_history(db):
    structure = structure_create(name="Compagnie en double")
    with pytest.raises(PermissionDenied):
        structure_erase(structure=structure, actor=UserFactory.create(), comment="Doublon.")
    staff = UserFactory.create(is_staff=True)
    with pytest.raises(ValidationError):
        structure_erase(structure=structure, actor=staff, comment=" ")
    pk = structure.pk

    structure_erase(structure=structure, actor=staff, comment="Doublon d'une fiche fusionnée à la main.")

    assert not Structure.objects.filter(pk=pk).exists()
    line = Revision.objects.get(record_id=str(pk), action=RevisionAction.DELETE)
    assert (line.author, line.comment) == (staff, "Doublon d'une fiche fusionnée à la main.")
    assert line.changes["name"]["old"] == "Compagnie en double"


def test_a_withdrawn_member_is_no_longer_named_on_its_networks_page_nor_in_the_graph(db, client):
    network = structure_create(name="Réseau des lieux intermédiaires")
    member = structure_create(name="Compagnie retirée")
    relation_create(source=member, kind=RelationKind.MEMBER_OF, target=network)
    assert "Compagnie retirée" in client.get(f"/structures/{network.slug}/").content.decode()
    assert "Compagnie retirée" in client.get("/structures/graphe/", {"q": "reseau"}).content.decode()

    structure_withdraw(structure=member, actor=UserFactory.create(is_staff=True, is_superuser=True))

    assert "Compagnie retirée" not in client.get(f"/structures/{network.slug}/").content.decode()
    graph = client.get("/structures/graphe/", {"q": "reseau"}).content.decode()
    assert "Compagnie retirée" not in graph
