"""Coordinations given from the site by e-mail address; invitations honoured when the address is confirmed."""

import pytest
from django.core import mail
from django.urls import reverse

from maillage.contributions.models import CoordinationInvitation
from maillage.memberships.enums import MemberRole, RoleKind
from maillage.memberships.models import (
    NetworkCoordinator,
    RoleEvent,
    StructureMembership,
    TerritoryCoordinator,
)
from tests.accounts.conftest import link_in_mail
from tests.accounts.factories import NetworkCoordinatorFactory, UserFactory
from tests.accounts.test_signup import sign_up
from tests.contributions.conftest import add_member
from tests.structures.factories import StructureFactory

PAGE = reverse("contributions:coordinations")


@pytest.fixture
def staff(db: None):
    return UserFactory.create(is_staff=True, email="equipe@maillage.example")


def test_staff_name_a_network_coordinator_by_address(
    client, staff, django_capture_on_commit_callbacks
) -> None:
    network = StructureFactory.create(network=True, name="Culture et Coopération")
    person = UserFactory.create(email="claire@reseau.example")
    client.force_login(staff)
    assert "Nommer un coordinateur" in client.get(PAGE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            PAGE, {"action": "give", "email": " Claire@Reseau.example ", "network": network.pk}
        )
    assert response.status_code == 302
    assert NetworkCoordinator.objects.filter(user=person, network=network).exists()
    assert [m.to for m in mail.outbox] == [["claire@reseau.example"]]
    assert "coordination de réseau de Culture et Coopération" in mail.outbox[0].subject
    page = client.get(PAGE).content.decode()
    assert "claire@reseau.example coordonne désormais ce périmètre" in page
    assert "claire@reseau.example" in page


def test_an_address_without_account_is_invited_and_granted_on_confirmation(
    client, staff, loire_rhone, django_capture_on_commit_callbacks
) -> None:
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"action": "give", "email": "camille@example.org", "territory": "Loire"})
    assert response.status_code == 302
    invitation = CoordinationInvitation.objects.get()
    assert invitation.territory_id == "DEP-42"
    assert [m.to for m in mail.outbox] == [["camille@example.org"]]
    assert "Invitation à coordonner « Loire »" in mail.outbox[0].subject
    assert "http://testserver" + reverse("accounts:signup") in mail.outbox[0].body
    assert not TerritoryCoordinator.objects.exists()

    client.logout()
    mail.outbox.clear()
    sign_up(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(link_in_mail())
    role = TerritoryCoordinator.objects.get(territory_id="DEP-42")
    assert role.user.email == "camille@example.org"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert RoleEvent.objects.get(person=role.user).actor == staff
    assert "coordination territoriale de la Loire" in mail.outbox[-1].subject


def test_a_team_invitation_to_an_address_without_account_is_accepted_on_confirmation(
    client, sirene_structure, django_capture_on_commit_callbacks
) -> None:
    manager = add_member(sirene_structure, MemberRole.MANAGER)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("contributions:members", args=[sirene_structure.slug]),
            {"action": "invite", "email": "camille@example.org", "role": MemberRole.MEMBER},
        )
    client.logout()
    mail.outbox.clear()
    sign_up(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(link_in_mail())
    membership = StructureMembership.objects.get(user__email="camille@example.org")
    assert membership.structure == sirene_structure
    assert membership.role == MemberRole.MEMBER
    assert RoleEvent.objects.filter(person=membership.user, role=RoleKind.MEMBER).exists()


@pytest.mark.parametrize("who", ["manager", "coordinator", "outsider"])
def test_only_staff_name_coordinators(client, staff, sirene_structure, who: str) -> None:
    network = StructureFactory.create(network=True)
    user = {
        "manager": lambda: add_member(sirene_structure, MemberRole.MANAGER),
        "coordinator": lambda: NetworkCoordinatorFactory.create(network=network).user,
        "outsider": lambda: UserFactory.create(),
    }[who]()
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    response = client.post(PAGE, {"action": "give", "email": user.email, "network": network.pk})
    assert response.status_code == 403
    assert NetworkCoordinator.objects.filter(network=network).count() == (1 if who == "coordinator" else 0)


def test_anonymous_visitors_are_sent_to_login(client, db) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_bad_input_is_told_in_french(client, staff, loire_rhone) -> None:
    network = StructureFactory.create(network=True)
    cultural = StructureFactory.create()
    client.force_login(staff)
    cases: list[tuple[dict[str, object], str]] = [
        ({"email": "pas-une-adresse", "network": network.pk}, "Cette adresse n&#x27;est pas valide."),
        ({"email": "a@example.org"}, "Choisissez un réseau ou un territoire"),
        ({"email": "a@example.org", "network": network.pk, "territory": "Loire"}, "l&#x27;un des deux"),
        ({"email": "a@example.org", "network": cultural.pk}, "Choisissez un réseau de la liste."),
        ({"email": "a@example.org", "network": "\uff11"}, "Choisissez un réseau de la liste."),
        ({"email": "a@example.org", "territory": "Nullepart"}, "Aucun territoire ne s&#x27;appelle"),
    ]
    for data, message in cases:
        response = client.post(PAGE, {"action": "give", **data})
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert client.post(PAGE, {"action": "remove_network", "role": "x"}).status_code == 302
    assert client.post(PAGE, {"action": "nope"}).status_code == 400


def test_staff_remove_a_coordination_and_the_log_keeps_it(client, staff) -> None:
    role = NetworkCoordinatorFactory.create()
    client.force_login(staff)
    response = client.post(PAGE, {"action": "remove_network", "role": role.pk})
    assert response.status_code == 302
    assert not NetworkCoordinator.objects.exists()
    assert RoleEvent.objects.get(person=role.user).get_change_display() == "Retiré"


def test_the_page_reads_in_bounded_queries(client, staff, django_assert_max_num_queries) -> None:
    for _ in range(15):
        NetworkCoordinatorFactory.create()
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        assert client.get(PAGE).status_code == 200
