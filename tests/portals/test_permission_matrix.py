"""Who may change a portal preset to network N over the Loire: its owners, and nobody else (admins aside).

Coordinators of the portal's network or territory, the members of its structures and the staff do not
edit it: ownership is given by the portal's owners, not derived from a role elsewhere.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from maillage.memberships.enums import MemberRole
from maillage.memberships.rules import can
from maillage.portals.rules import may_open_portal
from maillage.structures.enums import StructureKind
from tests.accounts.factories import (
    NetworkCoordinatorFactory,
    StructureMembershipFactory,
    TerritoryCoordinatorFactory,
    UserFactory,
)
from tests.portals.factories import make_portal, network_with_members
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db

# role: (edit page, can edit, can withdraw, may open a portal of their own)
MATRIX = {
    "anonymous": (302, False, False, False),
    "outsider": (403, False, False, False),
    "owner": (200, True, True, False),
    "co_owner": (200, True, True, False),
    "member_manager": (403, False, False, False),
    "network_coordinator": (403, False, False, True),
    "territory_coordinator": (403, False, False, True),
    "ptce_manager": (403, False, False, True),
    "staff": (403, False, False, False),
    "superuser": (200, True, True, True),
}


@pytest.fixture
def world(loire_rhone: None) -> dict[str, Any]:
    network, members = network_with_members(2)
    owner, co_owner = UserFactory.create(), UserFactory.create()
    portal = make_portal(slug="reseau-n", network=network, territory_id="DEP-42", owner=owner)
    portal.owners.add(co_owner)
    ptce = StructureFactory.create(kind=StructureKind.PTCE_CLUSTER)
    users = {
        "anonymous": None,
        "outsider": UserFactory.create(),
        "owner": owner,
        "co_owner": co_owner,
        "member_manager": StructureMembershipFactory.create(
            structure=members[0], role=MemberRole.MANAGER
        ).user,
        "network_coordinator": NetworkCoordinatorFactory.create(network=network).user,
        "territory_coordinator": TerritoryCoordinatorFactory.create(territory_id="DEP-42").user,
        "ptce_manager": StructureMembershipFactory.create(structure=ptce, role=MemberRole.MANAGER).user,
        "staff": UserFactory.create(is_staff=True),
        "superuser": UserFactory.create(is_superuser=True, is_staff=True),
    }
    return {"portal": portal, "users": users}


@pytest.mark.parametrize("role", list(MATRIX))
def test_permission_matrix(role: str, world: dict[str, Any]) -> None:
    user = world["users"][role]
    client = Client()
    if user is not None:
        client.force_login(user)
    page, edits, withdraws, opens = MATRIX[role]
    portal = world["portal"]
    assert client.get("/portail/reseau-n/modifier/").status_code == page
    assert can(user, "edit_portal", portal) is edits
    assert can(user, "withdraw_portal", portal) is withdraws
    assert can(user, "view", portal) is True
    assert may_open_portal(user) is opens
    assert client.get("/portail/nouveau/").status_code == (200 if opens else 302 if user is None else 403)


@pytest.mark.parametrize("role", list(MATRIX))
def test_only_owners_change_a_portal_through_its_form(role: str, world: dict[str, Any]) -> None:
    """A POST by anyone else changes nothing."""
    user = world["users"][role]
    client = Client()
    if user is not None:
        client.force_login(user)
    portal = world["portal"]
    data = {
        "name": "Nouveau nom",
        "slug": "reseau-n",
        "colour": "vert",
        "sections": ["annuaire"],
        "version": portal.version,
    }
    response = client.post("/portail/reseau-n/modifier/", data)
    portal.refresh_from_db()
    assert (portal.name == "Nouveau nom") is MATRIX[role][1], response.status_code
