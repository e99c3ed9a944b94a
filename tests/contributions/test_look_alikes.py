"""A creation is checked against look-alike records; the author's "not the same" answer is remembered."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.accounts.models import User
from maillage.contributions.decisions import change_request_accept
from maillage.contributions.enums import RequestKind
from maillage.contributions.models import ChangeRequest
from maillage.contributions.submissions import creation_request_create
from maillage.structures.duplicates import duplicate_pairs
from maillage.structures.enums import RelationKind, RelationState, StructureKind
from maillage.structures.models import DistinctPair, Relation, Structure
from maillage.structures.validators import validate_siret
from tests.contributions.conftest import SAINT_ETIENNE
from tests.contributions.test_creation import propose
from tests.structures.factories import StructureFactory, fake_siret

START = reverse("contributions:start")


@pytest.fixture
def chaudron(loire_rhone: None) -> Structure:
    """Return a record without SIRET, named like the structure about to be proposed, in its commune."""
    return StructureFactory.create(name="Compagnie du Chaudron", commune_id=SAINT_ETIENNE, siret="", siren="")


def test_a_look_alike_refuses_the_creation_and_offers_to_claim_it(
    client, chaudron, outsider, django_capture_on_commit_callbacks
) -> None:
    """Same folded name in the same commune: the form names the record and asks to claim it instead."""
    client.force_login(outsider)
    response = propose(client, fake_siret(), django_capture_on_commit_callbacks, name="compagnie du CHAUDRON")
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Cette structure figure peut-être déjà dans l'annuaire" in html
    assert reverse("contributions:claim", args=[chaudron.slug]) in html
    assert "Ce n'est pas la même structure" in html
    assert f'name="look_alikes_seen" value="{chaudron.pk}"' in html
    assert not ChangeRequest.objects.exists()


def test_the_same_siren_in_the_commune_is_a_look_alike(
    client, loire_rhone, outsider, django_capture_on_commit_callbacks
) -> None:
    other = StructureFactory.create(name="Autre nom", commune_id=SAINT_ETIENNE, with_siret=True)
    siret = next(
        s for n in range(10000, 10100) if _valid(s := f"{other.siret[:9]}{n:05d}") and s != other.siret
    )
    client.force_login(outsider)
    response = propose(client, siret, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert other.name in unescape(response.content.decode())


def _valid(siret: str) -> bool:
    try:
        validate_siret(siret)
    except ValidationError:
        return False
    return True


def test_the_answer_not_the_same_lets_the_creation_through_and_is_remembered(
    client, chaudron, outsider, loire_coordinator, django_capture_on_commit_callbacks
) -> None:
    """Ticked for the records shown, the creation goes on; once accepted, the pair is no duplicate."""
    client.force_login(outsider)
    siret = fake_siret()
    response = propose(
        client,
        siret,
        django_capture_on_commit_callbacks,
        name="Compagnie du Chaudron",
        not_same="on",
        look_alikes_seen=str(chaudron.pk),
    )
    assert response.status_code == 302
    request = ChangeRequest.objects.get(kind=RequestKind.CREATE)
    assert request.distinct_from == [chaudron.pk]
    assert duplicate_pairs(Structure.objects.all()) == []  # the new record does not exist yet

    with django_capture_on_commit_callbacks(execute=True):
        change_request_accept(request=request, moderator=loire_coordinator)
    created = Structure.objects.get(siret=siret)
    pair = DistinctPair.objects.get()
    assert {pair.first_id, pair.second_id} == {chaudron.pk, created.pk}
    assert pair.decided_by == outsider
    assert duplicate_pairs(Structure.objects.all()) == []

    client.force_login(loire_coordinator)
    page = unescape(client.get(reverse("upkeep:duplicates")).content.decode())
    assert "Paires déclarées distinctes" in page
    assert f"Déclarées distinctes par l'auteur de la création n° {request.pk}" in page
    assert "Aucun doublon présumé" in page


def test_a_tick_for_other_records_than_those_shown_does_not_count(
    client, chaudron, outsider, django_capture_on_commit_callbacks
) -> None:
    """A look-alike added since the page was shown must be seen before the answer covers it."""
    client.force_login(outsider)
    response = propose(
        client,
        fake_siret(),
        django_capture_on_commit_callbacks,
        name="Compagnie du Chaudron",
        not_same="on",
        look_alikes_seen="",
    )
    assert response.status_code == 400
    assert not ChangeRequest.objects.exists()


def test_the_service_refuses_a_look_alike_without_the_answer(chaudron, outsider: User) -> None:
    values = {
        "siret": fake_siret(),
        "name": "Compagnie du Chaudron",
        "commune": SAINT_ETIENNE,
        "kind": "cultural",
    }
    with pytest.raises(Exception, match="ressemble"):
        creation_request_create(author=outsider, values=values)
    created = creation_request_create(author=outsider, values=values, distinct_from=[chaudron.pk])
    assert created.distinct_from == [chaudron.pk]


def test_the_networks_named_at_creation_are_declared_and_wait_for_them(
    client, loire_rhone, outsider, loire_coordinator, django_capture_on_commit_callbacks
) -> None:
    """A ticked network and one typed without accents become declared memberships once the record exists."""
    ticked = StructureFactory.create(name="Réseau des Arts de la Rue", kind=StructureKind.NETWORK)
    typed = StructureFactory.create(name="Culture et Coopération", kind=StructureKind.CULTURAL)
    client.force_login(outsider)
    page = client.get(START, {"siret": fake_siret()}).content.decode()
    assert "Réseaux et fédérations dont la structure est adhérente" in unescape(page)
    siret = fake_siret()
    response = propose(
        client,
        siret,
        django_capture_on_commit_callbacks,
        networks=[ticked.slug],
        other_network="culture et cooperation",
    )
    assert response.status_code == 302
    request = ChangeRequest.objects.get()
    assert sorted(item["target"] for item in request.proposed["relations_add"]) == sorted(
        [ticked.slug, typed.slug]
    )

    with django_capture_on_commit_callbacks(execute=True):
        change_request_accept(request=request, moderator=loire_coordinator)
    created = Structure.objects.get(siret=siret)
    memberships = Relation.objects.filter(source=created, kind=RelationKind.MEMBER_OF)
    assert {(r.target_id, r.state) for r in memberships} == {
        (ticked.pk, RelationState.DECLARED),
        (typed.pk, RelationState.DECLARED),
    }


def test_a_moderator_corrects_a_creation_said_distinct_without_being_stopped(
    client, chaudron, outsider, loire_coordinator, django_capture_on_commit_callbacks
) -> None:
    """The look-alike was answered by the author: the correction form does not ask again."""
    client.force_login(outsider)
    siret = fake_siret()
    propose(
        client,
        siret,
        django_capture_on_commit_callbacks,
        name="Compagnie du Chaudron",
        not_same="on",
        look_alikes_seen=str(chaudron.pk),
    )
    request = ChangeRequest.objects.get()
    client.force_login(loire_coordinator)
    data = {
        "siret": siret,
        "name": "Compagnie du Chaudron",
        "kind": "cultural",
        "commune": "Saint-Étienne (42000)",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contributions:review", args=[request.pk]), data)
    assert response.status_code == 302
    assert DistinctPair.objects.filter(first=chaudron).exists()
