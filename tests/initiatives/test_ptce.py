"""PTCE: the map and list with their charter status, a PTCE's page, signing and re-signing the charter."""

import threading
from html import unescape
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from maillage.initiatives.charter_services import charter_sign, charter_version_publish
from maillage.initiatives.models import CharterSignature
from maillage.initiatives.selectors import fiche_partner_ids
from maillage.memberships.enums import MemberRole
from maillage.structures.enums import RelationKind, StructureKind
from tests.accounts.factories import PASSWORD, StructureMembershipFactory, UserFactory
from tests.initiatives.factories import (
    CharterFactory,
    CharterVersionFactory,
    InitiativeFactory,
    InitiativeStructureFactory,
)
from tests.structures.factories import RelationFactory, StructureFactory

pytestmark = pytest.mark.django_db


def ptce_with_manager(name: str = "Pôle des arts") -> tuple[object, object]:
    ptce = StructureFactory.create(name=name, kind=StructureKind.PTCE_CLUSTER)
    manager = StructureMembershipFactory.create(structure=ptce, role=MemberRole.MANAGER).user
    return ptce, manager


def test_a_manager_signs_and_the_signature_is_public(client: Client) -> None:
    """The PTCE's manager signs version 1; the charter page lists the PTCE under that version."""
    version = CharterVersionFactory.create(number=1)
    ptce, manager = ptce_with_manager()
    client.login(email=manager.email, password=PASSWORD)  # type: ignore[attr-defined]
    page = unescape(client.get(reverse("ptce:detail", args=[ptce.slug])).content.decode())  # type: ignore[attr-defined]
    assert "Signer la version 1" in page
    response = client.post(reverse("ptce:sign", args=[ptce.slug]), {"charter_version": version.pk})  # type: ignore[attr-defined]
    assert response.status_code == 302
    charter = unescape(Client().get(reverse("ptce:charter")).content.decode())
    assert "Pôle des arts" in charter.split("Signataires de cette version", 1)[1]
    assert "Charte signée (version 1)" in unescape(
        Client().get(reverse("ptce:detail", args=[ptce.slug])).content.decode()  # type: ignore[attr-defined]
    )


def test_others_may_not_sign_for_the_ptce(client: Client) -> None:
    """A member who is not manager, a stranger and an anonymous visitor get 403; bad ids a 400."""
    version = CharterVersionFactory.create(number=1)
    ptce, _ = ptce_with_manager()
    url = reverse("ptce:sign", args=[ptce.slug])  # type: ignore[attr-defined]
    assert client.post(url, {"charter_version": version.pk}).status_code == 403
    member = StructureMembershipFactory.create(structure=ptce, role=MemberRole.MEMBER).user
    client.login(email=member.email, password=PASSWORD)
    assert client.post(url, {"charter_version": version.pk}).status_code == 403
    assert client.post(url, {"charter_version": "\u0661"}).status_code == 400
    assert client.post(url, {"charter_version": "999999"}).status_code == 400
    assert not CharterSignature.objects.exists()


def test_a_new_version_asks_signatories_to_sign_again(django_capture_on_commit_callbacks: Any) -> None:
    """After version 2, a signatory of version 1 is « à signer » again and its managers get a mail."""
    charter = CharterFactory.create()
    first = CharterVersionFactory.create(charter=charter, number=1)
    ptce, manager = ptce_with_manager()
    charter_sign(actor=manager, charter_version=first, structure=ptce)  # type: ignore[arg-type]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        charter_version_publish(actor=None, charter=charter, text="Deuxième texte")
    assert [m.to for m in mail.outbox] == [[manager.email]]  # type: ignore[attr-defined]
    page = unescape(Client().get(reverse("ptce:detail", args=[ptce.slug])).content.decode())  # type: ignore[attr-defined]
    assert "Version 1 signée : nouvelle version à signer" in page
    listing = unescape(Client().get(reverse("ptce:list")).content.decode())
    assert "nouvelle version à signer" in listing


def test_the_ptce_list_keeps_the_kind_and_shows_members_on_pages(
    client: Client, django_assert_max_num_queries: object
) -> None:
    """/ptce/ lists only PTCE, in a bounded number of queries; a PTCE page lists its current members."""
    CharterVersionFactory.create(number=1)
    StructureFactory.create(name="Compagnie sans pôle", kind=StructureKind.CULTURAL)
    ptces = [StructureFactory.create(name=f"Pôle {n}", kind=StructureKind.PTCE_CLUSTER) for n in range(15)]
    with django_assert_max_num_queries(30):  # type: ignore[operator]
        html = unescape(client.get(reverse("ptce:list")).content.decode())
    assert "Pôle 3" in html
    assert "Compagnie sans pôle" not in html
    member = StructureFactory.create(name="Le Lieu membre")
    RelationFactory.create(source=member, target=ptces[0], kind=RelationKind.MEMBER_OF)
    page = unescape(client.get(reverse("ptce:detail", args=[ptces[0].slug])).content.decode())
    assert "Le Lieu membre" in page
    assert client.get(reverse("ptce:detail", args=[member.slug])).status_code == 404


def test_fiche_partners_are_the_structures_of_its_published_fiches() -> None:
    """The selector the calls' conflict check uses: partners in published fiches, never in drafts."""
    a, b, c = StructureFactory.create_batch(3)
    fiche = InitiativeFactory.create(published=True)
    InitiativeStructureFactory.create(initiative=fiche, structure=a)
    InitiativeStructureFactory.create(initiative=fiche, structure=b, role="partner")
    draft = InitiativeFactory.create()
    InitiativeStructureFactory.create(initiative=draft, structure=a)
    InitiativeStructureFactory.create(initiative=draft, structure=c)
    assert fiche_partner_ids(a.pk) == {b.pk}
    assert fiche_partner_ids(c.pk) == set()


@pytest.mark.django_db(transaction=True)
def test_ten_managers_signing_at_once_leave_one_signature() -> None:
    """The database's partial unique constraint keeps one current signature per PTCE and version."""
    version = CharterVersionFactory.create(number=1)
    ptce = StructureFactory.create(kind=StructureKind.PTCE_CLUSTER)
    managers = [
        StructureMembershipFactory.create(
            structure=ptce, role=MemberRole.MANAGER, user=UserFactory.create()
        ).user
        for _ in range(10)
    ]
    barrier = threading.Barrier(10)
    errors: list[BaseException] = []

    def sign(user: object) -> None:
        try:
            barrier.wait()
            charter_sign(actor=user, charter_version=version, structure=ptce)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(m,)) for m in managers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert CharterSignature.objects.filter(structure=ptce, charter_version=version).count() == 1
    assert errors == []
