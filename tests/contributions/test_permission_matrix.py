"""Who may do what to which record, through the pages: every role, action and structure, with its effect.

A is a structure of Saint-Étienne (Loire) and a member of the network N; B is a structure of Lyon (Rhône).
A also declared itself a member of the network D, which has not confirmed it: D's coordinator has no more
rights than an outsider. Each structure has a manager, and the managers are kept in their people's hands:
coordinators never remove a manager, and nobody but the staff removes the last one.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.contributions.models import ChangeRequest, Invitation
from maillage.history.models import Revision
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import NetworkCoordinator, StructureMembership, TerritoryCoordinator
from maillage.structures.enums import RelationKind, RelationState
from maillage.structures.models import Relation, Structure
from maillage.structures.services import structure_update
from maillage.territories.enums import Level
from maillage.territories.models import Territory, TerritoryCommune
from tests.accounts.factories import (
    NetworkCoordinatorFactory,
    StructureMembershipFactory,
    TerritoryCoordinatorFactory,
    UserFactory,
)
from tests.structures.factories import RelationFactory, StructureFactory

ROLES = (
    "anonymous",
    "outsider",
    "member_a",
    "manager_a",
    "member_b",
    "network_coord_a",
    "declared_network_coord",
    "territory_coord_a",
    "territory_coord_elsewhere",
    "superuser",
)
# role: (expected on A, expected on B)
EDIT = {
    "anonymous": ("login", "login"),
    "outsider": ("proposal", "proposal"),
    "member_a": ("direct", "proposal"),
    "manager_a": ("direct", "proposal"),
    "member_b": ("proposal", "direct"),
    "network_coord_a": ("direct", "proposal"),
    "declared_network_coord": ("proposal", "proposal"),
    "territory_coord_a": ("direct", "proposal"),
    "territory_coord_elsewhere": ("proposal", "direct"),
    "superuser": ("direct", "direct"),
}
MEMBERS = {
    "anonymous": ("login", "login"),
    "outsider": ("denied", "denied"),
    "member_a": ("read", "denied"),
    "manager_a": ("manage", "denied"),
    "member_b": ("denied", "read"),
    "network_coord_a": ("manage", "denied"),
    "declared_network_coord": ("denied", "denied"),
    "territory_coord_a": ("manage", "denied"),
    "territory_coord_elsewhere": ("denied", "manage"),
    "superuser": ("manage", "manage"),
}
# Deciding someone else's proposed edit: the structure's moderators and managers.
DECIDE = {
    "anonymous": ("login", "login"),
    "outsider": ("no", "no"),
    "member_a": ("no", "no"),
    "manager_a": ("yes", "no"),
    "member_b": ("no", "no"),
    "network_coord_a": ("yes", "no"),
    "declared_network_coord": ("no", "no"),
    "territory_coord_a": ("yes", "no"),
    "territory_coord_elsewhere": ("no", "yes"),
    "superuser": ("yes", "yes"),
}
# Reverting a change from the history: moderators only.
REVERT = {**DECIDE, "manager_a": ("no", "no")}
# Merging the structure with a duplicate of the same commune, outside the network: both must be moderated.
MERGE = {**REVERT, "network_coord_a": ("no", "no")}
# Removing the structure's manager while another manager remains: the managers and the staff only.
REMOVE_MANAGER = {
    "anonymous": ("login", "login"),
    "outsider": ("denied", "denied"),
    "member_a": ("denied", "denied"),
    "manager_a": ("yes", "denied"),
    "member_b": ("denied", "denied"),
    "network_coord_a": ("denied", "denied"),
    "declared_network_coord": ("denied", "denied"),
    "territory_coord_a": ("denied", "denied"),
    "territory_coord_elsewhere": ("denied", "denied"),
    "superuser": ("yes", "yes"),
}
# Removing the last manager: the staff only; a manager is told to name another one first.
REMOVE_LAST_MANAGER = {**REMOVE_MANAGER, "manager_a": ("refused", "denied")}


def table(matrix: dict[str, tuple[str, str]]) -> list[tuple[str, str, str]]:
    return [
        (role, name, expected[index]) for role, expected in matrix.items() for index, name in enumerate("AB")
    ]


@dataclass
class World:
    a: Structure
    b: Structure
    users: dict[str, User | None]

    def structure(self, name: str) -> Structure:
        return self.a if name == "A" else self.b

    def client(self, role: str) -> Client:
        client = Client()
        user = self.users[role]
        if user is not None:
            client.force_login(user)
        return client


def _commune(code: str, name: str, departement: str) -> Territory:
    dep = Territory.objects.create(
        id=f"DEP-{departement}",
        level=Level.DEPARTEMENT,
        code=departement,
        name=f"Département {departement}",
        millesime="2025",
        source="test",
    )
    commune = Territory.objects.create(
        id=f"COM-{code}",
        level=Level.COMMUNE,
        code=code,
        name=name,
        departement=dep,
        millesime="2025",
        source="test",
    )
    TerritoryCommune.objects.bulk_create(
        [
            TerritoryCommune(territory=commune, commune=commune),
            TerritoryCommune(territory=dep, commune=commune),
        ]
    )
    return commune


@pytest.fixture
def world(db: None) -> World:
    saint_etienne = _commune("42218", "Saint-Étienne", "42")
    lyon = _commune("69123", "Lyon", "69")
    network = StructureFactory.create(network=True, name="Réseau N")
    a = StructureFactory.create(name="Structure A", commune=saint_etienne, description="Présentation de A.")
    b = StructureFactory.create(name="Structure B", commune=lyon, description="Présentation de B.")
    RelationFactory.create(source=a, kind=RelationKind.MEMBER_OF, target=network)
    declared = StructureFactory.create(network=True, name="Réseau D")
    RelationFactory.create(
        source=a, kind=RelationKind.MEMBER_OF, target=declared, state=RelationState.DECLARED
    )

    def member(structure: Structure, role: str) -> User:
        return StructureMembershipFactory.create(structure=structure, role=role).user

    users: dict[str, User | None] = {
        "anonymous": None,
        "outsider": UserFactory.create(),
        "member_a": member(a, MemberRole.MEMBER),
        "manager_a": member(a, MemberRole.MANAGER),
        "member_b": member(b, MemberRole.MEMBER),
        "network_coord_a": NetworkCoordinatorFactory.create(network=network).user,
        "declared_network_coord": NetworkCoordinatorFactory.create(network=declared).user,
        "territory_coord_a": TerritoryCoordinatorFactory.create(territory_id="DEP-42").user,
        "territory_coord_elsewhere": TerritoryCoordinatorFactory.create(territory_id="DEP-69").user,
        "superuser": UserFactory.create(is_superuser=True, is_staff=True),
    }
    member(b, MemberRole.MANAGER)
    return World(a, b, users)


def assert_sent_to_login(response) -> None:
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("role", "target", "expected"), table(EDIT))
def test_edit(world: World, role: str, target: str, expected: str) -> None:
    structure = world.structure(target)
    url = reverse("contributions:edit", args=[structure.slug])
    client = world.client(role)
    before = structure.description
    data = {
        "name": structure.name,
        "kind": structure.kind,
        "description": "Nouvelle présentation.",
        "version": structure.version,
    }
    get = client.get(url)
    response = client.post(url, data)
    structure.refresh_from_db()
    if expected == "login":
        assert_sent_to_login(get)
        assert_sent_to_login(response)
        assert structure.description == before
        assert not ChangeRequest.objects.exists()
        return
    assert get.status_code == 200
    assert response.status_code == 302
    if expected == "direct":
        assert structure.description == "Nouvelle présentation."
        assert not ChangeRequest.objects.exists()
    else:
        assert structure.description == before
        request = ChangeRequest.objects.get()
        assert (request.kind, request.structure, request.status) == (
            RequestKind.EDIT,
            structure,
            RequestStatus.PENDING,
        )
        assert request.proposed["description"] == "Nouvelle présentation."


@pytest.mark.parametrize(("role", "target", "expected"), table(EDIT))
def test_declare_a_partner(world: World, role: str, target: str, expected: str) -> None:
    structure = world.structure(target)
    partner = StructureFactory.create(name="Partenaire")
    url = reverse("contributions:declarations", args=[structure.slug])
    response = world.client(role).post(
        url, {"action": "add_relation", "relation-kind": "partner", "relation-target": partner.slug}
    )
    declared = Relation.objects.filter(source=structure, target=partner).exists()
    if expected == "login":
        assert_sent_to_login(response)
        assert not ChangeRequest.objects.exists()
    else:
        assert response.status_code == 302
        assert ChangeRequest.objects.filter(structure=structure).exists() is (expected == "proposal")
    assert declared is (expected == "direct")


@pytest.mark.parametrize(("role", "target", "expected"), table(MEMBERS))
def test_members_page(world: World, role: str, target: str, expected: str) -> None:
    structure = world.structure(target)
    url = reverse("contributions:members", args=[structure.slug])
    client = world.client(role)
    get = client.get(url)
    post = client.post(url, {"action": "invite", "email": "nouvelle@example.org", "role": "member"})
    invited = Invitation.objects.filter(structure=structure).exists()
    if expected == "login":
        assert_sent_to_login(get)
        assert_sent_to_login(post)
    elif expected == "denied":
        assert (get.status_code, post.status_code) == (403, 403)
    elif expected == "read":
        assert get.status_code == 200
        assert "Inviter une personne" not in get.content.decode()
        assert post.status_code == 403
    else:
        assert get.status_code == 200
        assert "Inviter une personne" in get.content.decode()
        assert post.status_code == 302
    assert invited == (expected == "manage")


@pytest.mark.parametrize(("role", "target", "expected"), table(DECIDE))
def test_decide_a_proposal(world: World, role: str, target: str, expected: str) -> None:
    structure = world.structure(target)
    request = ChangeRequest.objects.create(
        kind=RequestKind.EDIT, structure=structure, author=UserFactory.create(), proposed={"acronym": "ZZ"}
    )
    client = world.client(role)
    page = client.get(reverse("contributions:request", args=[request.pk]))
    queue = client.get(reverse("contributions:moderation"))
    response = client.post(reverse("contributions:request", args=[request.pk]), {"action": "accept"})
    structure.refresh_from_db()
    request.refresh_from_db()
    if expected == "login":
        assert_sent_to_login(page)
        assert_sent_to_login(response)
    elif expected == "no":
        assert (page.status_code, response.status_code) == (403, 403)
        assert f"n° {request.pk}" not in queue.content.decode()
    else:
        assert page.status_code == 200
        assert f"n° {request.pk}" in queue.content.decode()
        assert response.status_code == 302
    applied = expected == "yes"
    assert (structure.acronym == "ZZ") is applied
    assert request.status == (RequestStatus.ACCEPTED if applied else RequestStatus.PENDING)


@pytest.mark.parametrize(("role", "target", "expected"), table(REVERT))
def test_revert_from_the_history(world: World, role: str, target: str, expected: str) -> None:
    structure = world.structure(target)
    before = structure.description
    structure_update(structure=structure, description="Présentation changée.", actor=world.users["superuser"])
    revision = Revision.objects.filter(structure=structure).latest("pk")
    response = world.client(role).post(reverse("history:revert", args=[structure.slug, revision.pk]))
    structure.refresh_from_db()
    if expected == "login":
        assert_sent_to_login(response)
    elif expected == "no":
        assert response.status_code == 403
    else:
        assert response.status_code == 302
    assert structure.description == (before if expected == "yes" else "Présentation changée.")


@pytest.mark.parametrize(("role", "target", "expected"), table(MERGE))
def test_merge_a_duplicate(world: World, role: str, target: str, expected: str) -> None:
    structure = world.structure(target)
    duplicate = StructureFactory.create(name=f"{structure.name} (doublon)", commune=structure.commune)
    url = reverse("upkeep:merge", args=[structure.pk, duplicate.pk])
    client = world.client(role)
    get = client.get(url)
    response = client.post(url, {"keep": structure.pk})
    merged = not Structure.objects.filter(pk=duplicate.pk).exists()
    if expected == "login":
        assert_sent_to_login(get)
        assert_sent_to_login(response)
    elif expected == "no":
        assert (get.status_code, response.status_code) == (403, 403)
    else:
        assert get.status_code == 200
        assert response.status_code == 302
    assert merged is (expected == "yes")


def _remove_a_manager(world: World, role: str, target: str, *, others: int) -> tuple[Any, bool]:
    structure = world.structure(target)
    managers = StructureMembership.objects.filter(structure=structure, role=MemberRole.MANAGER)
    for _ in range(others):
        StructureMembershipFactory.create(structure=structure, role=MemberRole.MANAGER)
    removed = managers.order_by("pk").first()
    assert removed is not None
    url = reverse("contributions:members", args=[structure.slug])
    response = world.client(role).post(url, {"action": "remove", "membership": removed.pk}, follow=False)
    return response, StructureMembership.objects.filter(pk=removed.pk).exists()


@pytest.mark.parametrize(("role", "target", "expected"), table(REMOVE_MANAGER))
def test_remove_a_manager(world: World, role: str, target: str, expected: str) -> None:
    response, kept = _remove_a_manager(world, role, target, others=1)
    if expected == "login":
        assert_sent_to_login(response)
    elif expected == "denied":
        assert response.status_code == 403
    else:
        assert response.status_code == 302
    assert kept is (expected != "yes")


@pytest.mark.parametrize(("role", "target", "expected"), table(REMOVE_LAST_MANAGER))
def test_remove_the_last_manager(world: World, role: str, target: str, expected: str) -> None:
    response, kept = _remove_a_manager(world, role, target, others=0)
    if expected == "login":
        assert_sent_to_login(response)
    elif expected == "denied":
        assert response.status_code == 403
    else:
        assert response.status_code == 302
    assert kept is (expected != "yes")


# Naming a coordinator by address: the site's team only; A's network N or A's département as the object.
NAME_COORDINATOR = dict.fromkeys(ROLES, ("denied", "denied")) | {
    "anonymous": ("login", "login"),
    "superuser": ("yes", "yes"),
}


@pytest.mark.parametrize(("role", "target", "expected"), table(NAME_COORDINATOR))
def test_name_a_coordinator(world: World, role: str, target: str, expected: str) -> None:
    network = Structure.objects.get(name="Réseau N")
    data = {"network": network.pk} if target == "A" else {"territory": "DEP-42"}
    person = UserFactory.create()
    response = world.client(role).post(
        reverse("contributions:coordinations"), {"action": "give", "email": person.email, **data}
    )
    if expected == "login":
        assert_sent_to_login(response)
    elif expected == "denied":
        assert response.status_code == 403
    else:
        assert response.status_code == 302
    held = (
        NetworkCoordinator.objects.filter(user=person).exists()
        or TerritoryCoordinator.objects.filter(user=person).exists()
    )
    assert held is (expected == "yes")
