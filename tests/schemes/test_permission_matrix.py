"""Who may do what to a scheme carried by A (Saint-Étienne), and who sees A's explained matching.

Pages where there are pages (a draft's page, the matching page), `can` for the workflow's actions.
"""

from typing import Any

import pytest
from django.test import Client

from maillage.memberships.enums import MemberRole
from maillage.memberships.rules import can
from maillage.schemes.enums import SchemeStatus
from tests.accounts.factories import (
    StructureMembershipFactory,
    TerritoryCoordinatorFactory,
    UserFactory,
)
from tests.schemes.factories import make_scheme
from tests.structures.factories import StructureFactory

# role: (sees the draft's page, edits, moderates, sees A's matching page)
MATRIX = {
    "anonymous": (404, False, False, 302),
    "outsider": (404, False, False, 404),
    "member_a": (404, False, False, 200),
    "manager_a": (200, True, False, 200),
    "territory_coord_a": (200, True, True, 200),
    "territory_coord_elsewhere": (404, False, False, 404),
    "staff": (200, True, True, 404),
    "superuser": (200, True, True, 200),
}


@pytest.fixture
def world(loire_rhone: None) -> dict[str, Any]:
    a = StructureFactory.create(name="CRESS", commune_id="COM-42218")
    users = {
        "anonymous": None,
        "outsider": UserFactory.create(),
        "member_a": StructureMembershipFactory.create(structure=a).user,
        "manager_a": StructureMembershipFactory.create(structure=a, role=MemberRole.MANAGER).user,
        "territory_coord_a": TerritoryCoordinatorFactory.create(territory_id="DEP-42").user,
        "territory_coord_elsewhere": TerritoryCoordinatorFactory.create(territory_id="DEP-69").user,
        "staff": UserFactory.create(is_staff=True),
        "superuser": UserFactory.create(is_superuser=True, is_staff=True),
    }
    scheme = make_scheme(
        status=SchemeStatus.DRAFT,
        porteurs=[{"nom": a.name, "siren": "", "roles": ["instructeur"], "structure": a}],
    )
    return {"a": a, "users": users, "scheme": scheme}


@pytest.mark.parametrize("role", list(MATRIX))
def test_permission_matrix(role: str, world: dict[str, Any], client: Client) -> None:
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    page, edits, moderates, matching = MATRIX[role]

    assert client.get(world["scheme"].get_absolute_url()).status_code == page
    assert can(user, "edit", world["scheme"]) is edits
    assert can(user, "moderate", world["scheme"]) is moderates
    assert client.get(f"/structures/{world['a'].slug}/dispositifs/").status_code == matching
