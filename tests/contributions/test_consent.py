"""A network's consent: a declared membership grants nothing until the network's coordinators accept it."""

import html

from django.core import mail
from django.urls import reverse

from maillage.contributions.models import ChangeRequest
from maillage.memberships.enums import Action, MemberRole, RoleChange, RoleKind
from maillage.memberships.models import RoleEvent, StructureMembership
from maillage.memberships.rules import can, moderated_structures
from maillage.structures.enums import RelationKind, RelationState
from maillage.structures.models import Relation, Structure
from maillage.structures.search import filter_structures, parse_filters
from tests.accounts.factories import NetworkCoordinatorFactory, UserFactory
from tests.contributions.conftest import add_member
from tests.structures.factories import RelationFactory, StructureFactory


def declarations_url(structure: Structure) -> str:
    return reverse("contributions:declarations", args=[structure.slug])


def requests_url(network: Structure) -> str:
    return reverse("contributions:membership_requests", args=[network.slug])


def in_network_filter(network: Structure) -> list[Structure]:
    return list(filter_structures(parse_filters({"reseau": network.slug})))


def page(client, url: str) -> str:
    return html.unescape(client.get(url).content.decode())


def test_a_strangers_declaration_grants_nothing_until_the_network_accepts(
    client, sirene_structure, django_capture_on_commit_callbacks
) -> None:
    """A manager declares her structure in a network: its coordinator gains no right until he accepts."""
    network = StructureFactory.create(network=True, name="Fédération des arts de la rue")
    coordinator = NetworkCoordinatorFactory.create(network=network, user__display_name="Nina Réseau").user
    manager = add_member(sirene_structure, MemberRole.MANAGER, display_name="Mina Gérante")
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            declarations_url(sirene_structure),
            {"action": "add_relation", "relation-kind": "member_of", "relation-target": network.slug},
            follow=True,
        )
    assert "attend la confirmation des coordinateurs du réseau" in html.unescape(response.content.decode())
    relation = Relation.objects.get(source=sirene_structure, target=network)
    assert relation.state == RelationState.DECLARED
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert requests_url(network) in mail.outbox[0].body

    # Declared: no right, not in the network's perimeter, not in its members, said so on the page.
    assert not can(coordinator, Action.EDIT, sirene_structure)
    assert not can(coordinator, Action.MANAGE_MEMBERS, sirene_structure)
    assert not moderated_structures(coordinator).filter(pk=sirene_structure.pk).exists()
    assert in_network_filter(network) == []
    detail = page(client, reverse("structures:detail", args=[sirene_structure.slug]))
    assert "adhésion déclarée, non confirmée par le réseau" in detail
    network_page = page(client, reverse("structures:detail", args=[network.slug]))
    assert sirene_structure.name not in network_page
    api = client.get(f"/api/v1/structures/{sirene_structure.slug}").json()
    assert [r for r in api["relations"] if r["type"] == "member_of"] == []
    client.force_login(coordinator)
    edit = client.post(
        reverse("contributions:edit", args=[sirene_structure.slug]),
        {"name": "Repris", "kind": sirene_structure.kind, "version": sirene_structure.version},
    )
    assert edit.url == reverse("contributions:request", args=[ChangeRequest.objects.get().pk])
    sirene_structure.refresh_from_db()
    assert sirene_structure.name == "Compagnie du Chaudron"

    # The declaring manager cannot confirm her own declaration; the network's coordinator does.
    client.force_login(manager)
    assert client.get(requests_url(network)).status_code == 403
    client.post(requests_url(network), {"relation": relation.pk, "action": "accept"})
    relation.refresh_from_db()
    assert relation.state == RelationState.DECLARED
    client.force_login(coordinator)
    assert sirene_structure.name in page(client, requests_url(network))
    response = client.post(requests_url(network), {"relation": relation.pk, "action": "accept"})
    assert response.status_code == 302
    relation.refresh_from_db()
    assert (relation.state, relation.decided_by) == (RelationState.ACCEPTED, coordinator)
    assert can(coordinator, Action.EDIT, sirene_structure)
    assert in_network_filter(network) == [sirene_structure]
    assert "non confirmée" not in page(client, reverse("structures:detail", args=[sirene_structure.slug]))

    # Accepted, the coordinator moderates the record, but never removes its last manager.
    membership = StructureMembership.objects.get(user=manager)
    members_url = reverse("contributions:members", args=[sirene_structure.slug])
    assert client.post(members_url, {"action": "remove", "membership": membership.pk}).status_code == 403
    assert (
        client.post(
            members_url, {"action": "role", "membership": membership.pk, "role": "member"}
        ).status_code
        == 403
    )
    membership.refresh_from_db()
    assert membership.role == MemberRole.MANAGER


def test_a_refusal_is_kept_with_its_reason_for_the_declaring_managers(client, sirene_structure) -> None:
    """A refused membership grants nothing, stays off the public page, and its reason reaches the managers."""
    network = StructureFactory.create(network=True, name="Réseau Chorégraphique")
    coordinator = NetworkCoordinatorFactory.create(network=network).user
    relation = RelationFactory.create(
        source=sirene_structure, kind=RelationKind.MEMBER_OF, target=network, state=RelationState.DECLARED
    )
    client.force_login(coordinator)
    response = client.post(
        requests_url(network), {"relation": relation.pk, "action": "refuse", "reason": " "}
    )
    assert response.status_code == 400
    assert "Expliquez votre refus" in html.unescape(response.content.decode())
    client.post(
        requests_url(network),
        {"relation": relation.pk, "action": "refuse", "reason": "Pas adhérente à jour de cotisation."},
    )
    relation.refresh_from_db()
    assert (relation.state, relation.refusal_reason) == (
        RelationState.REFUSED,
        "Pas adhérente à jour de cotisation.",
    )
    assert not can(coordinator, Action.EDIT, sirene_structure)
    assert "Réseau Chorégraphique" not in page(
        client, reverse("structures:detail", args=[sirene_structure.slug])
    )

    manager = add_member(sirene_structure, MemberRole.MANAGER)
    client.force_login(manager)
    own = page(client, declarations_url(sirene_structure))
    assert "Refusée par le réseau : « Pas adhérente à jour de cotisation. »" in own
    client.force_login(UserFactory.create())
    assert "Pas adhérente" not in page(client, declarations_url(sirene_structure))

    # Declared again, it goes back to the network for a new decision.
    client.force_login(manager)
    client.post(
        declarations_url(sirene_structure),
        {"action": "add_relation", "relation-kind": "member_of", "relation-target": network.slug},
    )
    relation.refresh_from_db()
    assert (relation.state, relation.refusal_reason) == (RelationState.DECLARED, "")
    assert Relation.objects.filter(source=sirene_structure, target=network).count() == 1


def test_staff_decide_for_a_network_nobody_coordinates(client, sirene_structure) -> None:
    """Without a coordinator, the site's staff answer; another network's coordinator never does."""
    network = StructureFactory.create(network=True, name="Réseau sans coordination")
    relation = RelationFactory.create(
        source=sirene_structure, kind=RelationKind.MEMBER_OF, target=network, state=RelationState.DECLARED
    )
    client.force_login(NetworkCoordinatorFactory.create().user)
    assert (
        client.post(requests_url(network), {"relation": relation.pk, "action": "accept"}).status_code == 403
    )
    client.force_login(UserFactory.create(is_staff=True))
    assert (
        client.post(requests_url(network), {"relation": relation.pk, "action": "accept"}).status_code == 302
    )
    relation.refresh_from_db()
    assert relation.state == RelationState.ACCEPTED


def test_a_coordinator_declaring_for_his_own_network_consents_at_once(client, sirene_structure) -> None:
    """A member of the structure who also coordinates the network gives both consents in one act."""
    network = StructureFactory.create(network=True)
    person = add_member(sirene_structure)
    NetworkCoordinatorFactory.create(network=network, user=person)
    client.force_login(person)
    client.post(
        declarations_url(sirene_structure),
        {"action": "add_relation", "relation-kind": "member_of", "relation-target": network.slug},
    )
    assert Relation.objects.get(source=sirene_structure, target=network).state == RelationState.ACCEPTED


def test_roles_granted_and_removed_are_logged_for_the_people_concerned(
    client, sirene_structure, django_capture_on_commit_callbacks
) -> None:
    """The person reads her roles' log in "Mon espace"; the managers read the team's log, members do not."""
    manager = add_member(sirene_structure, MemberRole.MANAGER, display_name="Mina Gérante")
    client.force_login(manager)
    members_url = reverse("contributions:members", args=[sirene_structure.slug])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(members_url, {"action": "invite", "email": "leo@example.org", "role": "member"})
    token = mail.outbox[-1].body.split("/contribuer/invitations/")[1].split("/")[0]
    leo = UserFactory.create(email="leo@example.org", display_name="Léo Nouveau")
    client.force_login(leo)
    client.post(reverse("contributions:accept_invitation", args=[token]))
    client.force_login(manager)
    membership = StructureMembership.objects.get(user=leo)
    client.post(members_url, {"action": "role", "membership": membership.pk, "role": "manager"})
    client.post(members_url, {"action": "remove", "membership": membership.pk})

    events = list(RoleEvent.objects.filter(person=leo).order_by("pk").values_list("role", "change", "actor"))
    assert events == [
        (RoleKind.MEMBER, RoleChange.GRANTED, manager.pk),
        (RoleKind.MEMBER, RoleChange.REVOKED, manager.pk),
        (RoleKind.MANAGER, RoleChange.GRANTED, manager.pk),
        (RoleKind.MANAGER, RoleChange.REVOKED, manager.pk),
    ]
    team = page(client, members_url)
    assert "Historique des rôles" in team
    assert "Léo Nouveau" in team
    client.force_login(leo)
    space = page(client, reverse("accounts:dashboard"))
    assert "Historique de mes rôles" in space
    assert "invitation acceptée" in space
    assert "Mina Gérante" in space
    member = add_member(sirene_structure)
    client.force_login(member)
    assert "Historique des rôles" not in page(client, members_url)
