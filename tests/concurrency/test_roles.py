"""Ten people of the site's team naming the same coordinator at once: one role, one log line, one mail."""

import pytest
from django.core import mail

from maillage.contributions.coordinations import Given, coordination_give
from maillage.memberships.enums import RoleChange
from maillage.memberships.models import NetworkCoordinator, RoleEvent
from maillage.structures.models import Structure
from tests.accounts.factories import UserFactory
from tests.concurrency.conftest import THREADS, race
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_namings_of_one_coordinator_grant_the_role_once() -> None:
    network = StructureFactory.create(network=True, name="Culture et Coopération")
    person = UserFactory.create(email="claire@reseau.example")
    staff = [UserFactory.create(is_staff=True) for _ in range(THREADS)]
    mail.outbox.clear()

    def name(index: int) -> Given:
        return coordination_give(
            email="claire@reseau.example", network=Structure.objects.get(pk=network.pk), actor=staff[index]
        )

    results = race(name)

    assert all(isinstance(r, Given) and r.granted for r in results), results
    assert NetworkCoordinator.objects.filter(user=person, network=network).count() == 1
    assert RoleEvent.objects.filter(person=person, change=RoleChange.GRANTED).count() == 1
    assert [m.to for m in mail.outbox] == [["claire@reseau.example"]]
