"""A structure's members: invitations by e-mail, roles, removal, and who sees what."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.contributions.models import Invitation
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.structures.models import Structure
from tests.accounts.factories import UserFactory
from tests.contributions.conftest import add_member
from tests.structures.factories import StructureFactory


@pytest.fixture
def structure(db: None) -> Structure:
    return StructureFactory.create(name="Le Périscope")


def members_url(structure: Structure) -> str:
    return reverse("contributions:members", args=[structure.slug])


def invite(client, structure, email: str, capture, role: str = MemberRole.MEMBER) -> str:
    """Invite someone through the page and return the link they receive."""
    with capture(execute=True):
        response = client.post(members_url(structure), {"action": "invite", "email": email, "role": role})
    assert response.status_code == 302
    link = re.search(r"https?://\S+/contribuer/invitations/\S+/", str(mail.outbox[-1].body))
    assert link is not None
    return str(link.group(0)).split("testserver", 1)[1]


def test_members_see_the_list_read_only_and_outsiders_not_at_all(client, structure) -> None:
    manager = add_member(structure, MemberRole.MANAGER, display_name="Mina Gérante")
    member = add_member(structure, display_name="Paul Membre")
    client.force_login(member)
    page = client.get(members_url(structure)).content.decode()
    assert "Mina Gérante" in page
    assert "Paul Membre" in page
    assert manager.email not in page
    assert "Inviter une personne" not in page
    response = client.post(
        members_url(structure), {"action": "invite", "email": "x@example.org", "role": "member"}
    )
    assert response.status_code == 403
    client.force_login(UserFactory.create())
    assert client.get(members_url(structure)).status_code == 403
    client.logout()
    assert client.get(members_url(structure)).status_code == 302


def test_an_invitation_is_accepted_with_the_invited_address(
    client, structure, django_capture_on_commit_callbacks
) -> None:
    manager = add_member(structure, MemberRole.MANAGER, display_name="Mina Gérante")
    client.force_login(manager)
    link = invite(client, structure, "Nouvelle@Example.org", django_capture_on_commit_callbacks)
    assert mail.outbox[-1].to == ["nouvelle@example.org"]
    assert "Mina Gérante vous invite" in mail.outbox[-1].body
    invitation = Invitation.objects.get()
    assert len(invitation.token_hash) == 64
    assert invitation.token_hash not in link
    assert "nouvelle@example.org" in client.get(members_url(structure)).content.decode()

    client.logout()
    page = client.get(link).content.decode()
    assert "Connectez-vous avec l'adresse" in page
    newcomer = UserFactory.create(email="nouvelle@example.org")
    client.force_login(newcomer)
    response = client.post(link)
    assert response.status_code == 302
    assert StructureMembership.objects.get(user=newcomer, structure=structure).role == MemberRole.MEMBER
    # Single use: the link now only leads its member to her team, and grants nothing to anyone.
    assert client.get(link, follow=True).redirect_chain[-1][0] == members_url(structure)
    assert client.post(link).status_code == 410
    client.force_login(UserFactory.create(email="autre@example.org"))
    assert client.get(link).status_code == 410


def test_an_invitation_is_refused_to_another_address(
    client, structure, django_capture_on_commit_callbacks
) -> None:
    client.force_login(add_member(structure, MemberRole.MANAGER))
    link = invite(client, structure, "invitee@example.org", django_capture_on_commit_callbacks)
    intruder = UserFactory.create(email="intrus@example.org")
    client.force_login(intruder)
    assert "une autre adresse" in client.get(link).content.decode()
    response = client.post(link)
    assert response.status_code == 403
    assert "une autre adresse" in response.content.decode()
    assert not StructureMembership.objects.filter(user=intruder).exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_expired_invitation_is_gone(client, structure, django_capture_on_commit_callbacks) -> None:
    client.force_login(add_member(structure, MemberRole.MANAGER))
    link = invite(
        client, structure, "tard@example.org", django_capture_on_commit_callbacks, role=MemberRole.MANAGER
    )
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(UserFactory.create(email="tard@example.org"))
    response = client.post(link)
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()
    assert StructureMembership.objects.filter(structure=structure).count() == 1
    assert client.get("/contribuer/invitations/inconnu/").status_code == 410


def test_a_manager_changes_roles_but_never_leaves_members_without_a_manager(
    client, structure, loire_coordinator
) -> None:
    manager = add_member(structure, MemberRole.MANAGER)
    member = add_member(structure)
    own = StructureMembership.objects.get(user=manager)
    other = StructureMembership.objects.get(user=member)
    client.force_login(manager)
    response = client.post(
        members_url(structure), {"action": "role", "membership": own.pk, "role": "member"}, follow=True
    )
    assert "dernier gestionnaire" in response.content.decode()
    own.refresh_from_db()
    assert own.role == MemberRole.MANAGER
    client.post(members_url(structure), {"action": "remove", "membership": own.pk})
    assert StructureMembership.objects.filter(pk=own.pk).exists()

    client.post(members_url(structure), {"action": "role", "membership": other.pk, "role": "manager"})
    other.refresh_from_db()
    assert other.role == MemberRole.MANAGER
    client.post(members_url(structure), {"action": "remove", "membership": own.pk})
    assert not StructureMembership.objects.filter(pk=own.pk).exists()


def test_a_coordinator_never_removes_or_demotes_a_manager_but_staff_may(
    client, loire_rhone, loire_coordinator
) -> None:
    """Coordinators manage members, not managers: the structure stays in its people's hands."""
    structure = StructureFactory.create(commune_id="COM-42218")
    manager = add_member(structure, MemberRole.MANAGER, display_name="Mina Gérante")
    member = add_member(structure)
    client.force_login(loire_coordinator)
    membership = StructureMembership.objects.get(user=manager)
    for data in ({"action": "remove"}, {"action": "role", "role": "member"}):
        response = client.post(members_url(structure), {**data, "membership": membership.pk})
        assert response.status_code == 403
        assert "Seuls les gestionnaires de la structure et l" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == MemberRole.MANAGER
    # A plain member is still the coordinator's to remove.
    client.post(members_url(structure), {"action": "remove", "membership": member.memberships.get().pk})
    assert not StructureMembership.objects.filter(user=member).exists()

    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    client.post(members_url(structure), {"action": "remove", "membership": membership.pk})
    assert not StructureMembership.objects.filter(pk=membership.pk).exists()


def test_the_last_manager_cannot_leave_alone(client, structure) -> None:
    """A sole manager who leaves would hand the record to whoever claims it next: name another first."""
    manager = add_member(structure, MemberRole.MANAGER)
    client.force_login(manager)
    response = client.post(members_url(structure), {"action": "leave"}, follow=True)
    assert "dernier gestionnaire" in response.content.decode()
    assert StructureMembership.objects.filter(user=manager, structure=structure).exists()


def test_a_member_of_another_structure_cannot_be_changed_from_here(client, structure) -> None:
    client.force_login(add_member(structure, MemberRole.MANAGER))
    other = StructureFactory.create()
    add_member(other, MemberRole.MANAGER)
    elsewhere = StructureMembership.objects.get(structure=other)
    response = client.post(members_url(structure), {"action": "remove", "membership": elsewhere.pk})
    assert response.status_code == 404
    assert StructureMembership.objects.filter(pk=elsewhere.pk).exists()


def test_a_member_leaves(client, structure) -> None:
    add_member(structure, MemberRole.MANAGER)
    member = add_member(structure)
    client.force_login(member)
    response = client.post(members_url(structure), {"action": "leave"})
    assert response.url == reverse("structures:detail", args=[structure.slug])
    assert not StructureMembership.objects.filter(user=member).exists()


def test_large_identifiers_are_not_written_with_thousands_separators(client, structure) -> None:
    """French formatting writes 12345 as « 12 345 »: form values must keep the bare number."""
    manager = add_member(structure, MemberRole.MANAGER)
    StructureMembership.objects.create(pk=12345, structure=structure, user=UserFactory.create())
    client.force_login(manager)
    page = client.get(members_url(structure)).content.decode()
    assert 'name="membership" value="12345"' in page
    client.post(members_url(structure), {"action": "role", "membership": "12345", "role": "manager"})
    assert StructureMembership.objects.get(pk=12345).role == MemberRole.MANAGER


def test_an_invitation_survives_sign_up_and_is_accepted_on_confirmation(
    client, structure, django_capture_on_commit_callbacks
) -> None:
    """Invited without an account, she signs up from the link; confirming her address puts her in the team."""
    from tests.accounts.conftest import link_in_mail  # noqa: PLC0415
    from tests.accounts.factories import PASSWORD  # noqa: PLC0415

    client.force_login(add_member(structure, MemberRole.MANAGER))
    link = invite(client, structure, "colleague@example.org", django_capture_on_commit_callbacks)
    client.logout()
    page = client.get(link).content.decode()
    assert f"/compte/inscription/?next={link}" in page.replace("%2F", "/")
    data = {
        "email": "colleague@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_privacy": "on",
        "next": link,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("accounts:signup"), data).status_code == 302
    response = client.get(link_in_mail(), follow=True)
    assert response.redirect_chain[-1][0] == members_url(structure)
    assert "Vous faites maintenant partie de « Le Périscope »" in response.content.decode()
    membership = StructureMembership.objects.get(structure=structure, user__email="colleague@example.org")
    assert membership.role == MemberRole.MEMBER
    assert Invitation.objects.get().accepted_at is not None
