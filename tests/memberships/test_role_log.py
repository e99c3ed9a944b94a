"""Roles granted and removed in the administration go to the role log like those granted on the site."""

import pytest
from django.test import Client
from django.urls import reverse

from maillage.accounts.personal_data import delete_account, export_user_data
from maillage.memberships.enums import RoleChange, RoleKind
from maillage.memberships.models import NetworkCoordinator, RoleEvent
from tests.accounts.factories import NetworkCoordinatorFactory, UserFactory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def test_a_coordination_granted_then_removed_in_the_admin_is_logged(admin_client: Client, admin_user) -> None:
    """Both lines name the person, the network, the change and the administrator who made it."""
    network = StructureFactory.create(network=True, name="Réseau des musiques actuelles")
    person = UserFactory.create(display_name="Paule Coordinatrice")
    response = admin_client.post(
        reverse("admin:memberships_networkcoordinator_add"), {"user": person.pk, "network": network.pk}
    )
    assert response.status_code == 302
    role = NetworkCoordinator.objects.get(user=person)
    admin_client.post(reverse("admin:memberships_networkcoordinator_delete", args=[role.pk]), {"post": "yes"})
    assert not NetworkCoordinator.objects.filter(user=person).exists()

    lines = RoleEvent.objects.filter(person=person).order_by("pk")
    assert [(e.role, e.change, e.structure, e.actor, e.actor_role) for e in lines] == [
        (RoleKind.NETWORK_COORDINATOR, RoleChange.GRANTED, network, admin_user, "administration"),
        (RoleKind.NETWORK_COORDINATOR, RoleChange.REVOKED, network, admin_user, "administration"),
    ]
    exported = export_user_data(person)["role_log"]
    assert [line["changement"] for line in exported] == ["Attribué", "Retiré"]


def test_deleting_an_account_drops_its_log_and_unnames_it_in_others(admin_user) -> None:
    """The person's own lines go; in another's log, who granted stays only as the role they acted in."""
    granter = UserFactory.create()
    role = NetworkCoordinatorFactory.create()
    RoleEvent.objects.create(
        person=role.user,
        role=RoleKind.NETWORK_COORDINATOR,
        change=RoleChange.GRANTED,
        structure=role.network,
        actor=granter,
        actor_role="administration",
    )
    delete_account(granter)
    line = RoleEvent.objects.get(person=role.user)
    assert (line.actor, line.actor_role) == (None, "administration")
    delete_account(role.user)
    assert not RoleEvent.objects.exists()
