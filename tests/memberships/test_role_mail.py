"""A role given is told by mail: what it allows, the second factor for coordinators, where to start."""

import re

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from maillage.memberships.enums import MemberRole
from maillage.memberships.models import NetworkCoordinator
from maillage.memberships.services import (
    membership_grant,
    network_coordinator_grant,
    territory_coordinator_grant,
)
from maillage.territories.models import Territory
from tests.accounts.factories import UserFactory
from tests.structures.factories import StructureFactory

SITE = "https://maillage.example"
ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|[a-zA-Z]+);")


@pytest.fixture
def staff(db: None):
    return UserFactory.create(is_staff=True, display_name="Équipe du site")


def test_a_network_coordinator_is_told_what_the_role_allows(
    staff, django_capture_on_commit_callbacks
) -> None:
    network = StructureFactory.create(network=True, name="Le Réseau d'Arts")
    person = UserFactory.create(email="claire@reseau.example", display_name="Claire")
    with django_capture_on_commit_callbacks(execute=True):
        network_coordinator_grant(user=person, network=network, actor=staff, site_url=SITE)

    assert [m.to for m in mail.outbox] == [["claire@reseau.example"]]
    message = mail.outbox[0]
    assert message.subject == "[maillage] Votre rôle : coordination de réseau du Réseau d'Arts"
    assert "examiner les demandes" in message.body
    assert "activez la double authentification" in message.body
    assert SITE + reverse("contributions:moderation") in message.body
    assert SITE + reverse("upkeep:stale") in message.body
    assert SITE + reverse("upkeep:duplicates") in message.body
    assert "attribué par : administration" in message.body
    assert ENTITY.search(str(message.body)) is None


def test_a_territory_coordinator_reads_the_territory_with_its_article(
    loire_rhone, staff, django_capture_on_commit_callbacks
) -> None:
    person = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        territory_coordinator_grant(
            user=person, territory=Territory.objects.get(pk="DEP-42"), actor=staff, site_url=SITE
        )
    assert mail.outbox[0].subject == "[maillage] Votre rôle : coordination territoriale de la Loire"
    assert "structures du territoire" in mail.outbox[0].body


def test_a_manager_is_pointed_to_the_record_and_the_team_without_the_second_factor(
    db, django_capture_on_commit_callbacks
) -> None:
    structure = StructureFactory.create(name="L'Atelier")
    person = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        membership_grant(user=person, structure=structure, role=MemberRole.MANAGER, site_url=SITE)
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "[maillage] Votre rôle : gestionnaire de L'Atelier"
    assert "inviter les personnes de votre équipe" in body
    assert SITE + reverse("contributions:members", args=[structure.slug]) in body
    assert "double authentification" not in body


def test_a_role_already_held_sends_nothing(db, django_capture_on_commit_callbacks) -> None:
    structure = StructureFactory.create()
    person = UserFactory.create()
    membership_grant(user=person, structure=structure, role=MemberRole.MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        membership_grant(user=person, structure=structure, role=MemberRole.MEMBER)
    assert mail.outbox == []


def test_no_mail_leaves_when_the_grant_rolls_back(db, django_capture_on_commit_callbacks) -> None:
    network = StructureFactory.create(network=True)
    person = UserFactory.create()

    def grant_then_fail() -> None:
        with transaction.atomic():
            network_coordinator_grant(user=person, network=network, actor=None)
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        grant_then_fail()
    assert not NetworkCoordinator.objects.exists()
    assert mail.outbox == []


def test_the_administration_chooses_people_by_address_and_mails_them(
    client, staff, django_capture_on_commit_callbacks
) -> None:
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    page = client.get(reverse("admin:memberships_networkcoordinator_add")).content.decode()
    assert "vForeignKeyRawIdAdminField" not in page
    assert 'data-model-name="user"' in page or "admin-autocomplete" in page
    network = StructureFactory.create(network=True)
    person = UserFactory.create(email="rose@reseau.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:memberships_networkcoordinator_add"), {"user": person.pk, "network": network.pk}
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["rose@reseau.example"]]
    assert "http://testserver" + reverse("contributions:moderation") in mail.outbox[0].body
