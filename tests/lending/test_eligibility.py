"""Who may borrow: an item's rule (its owner's network, its département, anyone) is kept at the request."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from maillage.bookings.enums import BookingState
from maillage.bookings.models import Booking
from maillage.lending.enums import Audience
from maillage.lending.services import loan_request
from maillage.structures.enums import RelationKind
from maillage.territories.enums import Level
from maillage.territories.models import Territory
from tests.accounts.factories import StructureMembershipFactory
from tests.lending.factories import ItemFactory
from tests.structures.factories import RelationFactory, StructureFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2031, 3, 3, tzinfo=datetime.UTC)
END = START + datetime.timedelta(days=2)


def _commune(code: str, departement: str) -> Territory:
    dep, _ = Territory.objects.get_or_create(
        id=f"DEP-{departement}",
        defaults={"level": Level.DEPARTEMENT, "code": departement, "name": departement, "millesime": "2026"},
    )
    return Territory.objects.create(
        id=f"COM-{code}", level=Level.COMMUNE, code=code, name=code, departement=dep, millesime="2026"
    )


def test_an_item_for_the_network_is_lent_to_fellow_members_only() -> None:
    item = ItemFactory.create(audience=Audience.NETWORK, resource__name="Console 32 pistes")
    owner = item.resource.owner
    network, fellow, stranger = StructureFactory.create_batch(3)
    RelationFactory.create(source=owner, kind=RelationKind.MEMBER_OF, target=network)
    RelationFactory.create(source=fellow, kind=RelationKind.MEMBER_OF, target=network)

    with pytest.raises(ValidationError) as refused:
        loan_request(item=item, requester=stranger, actor=None, start=START, end=END)
    assert refused.value.messages == [
        f"« Console 32 pistes » n'est prêté qu'aux structures d'un réseau de {owner.name}."
    ]
    assert (
        loan_request(item=item, requester=fellow, actor=None, start=START, end=END).state
        == BookingState.REQUESTED
    )
    assert loan_request(item=item, requester=network, actor=None, start=START, end=END).pk


def test_an_item_for_the_territory_is_lent_within_its_departement() -> None:
    item = ItemFactory.create(audience=Audience.TERRITORY, resource__owner__commune=_commune("42218", "42"))
    neighbour = StructureFactory.create(commune=_commune("42207", "42"))
    afar = StructureFactory.create(commune=_commune("69123", "69"))
    unplaced = StructureFactory.create(commune=None)

    assert loan_request(item=item, requester=neighbour, actor=None, start=START, end=END).pk
    for requester in (afar, unplaced):
        with pytest.raises(ValidationError, match="n'est prêté qu'aux structures du département de"):
            loan_request(item=item, requester=requester, actor=None, start=START, end=END)


def test_the_item_page_refuses_a_borrower_the_rule_leaves_out(client: Client) -> None:
    item = ItemFactory.create(audience=Audience.NETWORK)
    member = StructureMembershipFactory.create()
    client.force_login(member.user)
    response = client.post(
        reverse("pooling:item_request", args=[item.pk]),
        {"requester": member.structure.pk, "first_day": "2031-03-03", "last_day": "2031-03-04"},
    )
    assert response.status_code == 400
    assert "n'est prêté qu'aux structures d'un réseau de" in html.unescape(response.content.decode())
    assert not Booking.objects.exists()
