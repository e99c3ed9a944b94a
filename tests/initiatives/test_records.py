"""Essaimage links, the signer's personal data, and the reconfirmation notice in the API."""

import datetime

import pytest
from django.db import IntegrityError
from django.test import Client
from django.utils import timezone

from maillage.accounts.personal_data import delete_account, export_user_data
from maillage.initiatives.charter_services import charter_sign
from maillage.initiatives.models import CharterSignature, Essaimage
from maillage.memberships.enums import MemberRole
from maillage.structures.enums import StructureKind
from tests.accounts.factories import StructureMembershipFactory
from tests.initiatives.factories import CharterVersionFactory, InitiativeFactory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def test_the_fiche_lists_who_replicated_it_with_dates(client: Client) -> None:
    origin = InitiativeFactory.create(title="Le modèle", published=True)
    copy = InitiativeFactory.create(title="La copie", published=True)
    Essaimage.objects.create(initiative=origin, adopter_initiative=copy, started_on=datetime.date(2019, 3, 1))
    Essaimage.objects.create(
        initiative=origin, adopter_structure=StructureFactory.create(name="Le Lieu qui adapte"), note="Le GE"
    )
    html = client.get(origin.get_absolute_url()).content.decode()
    assert "Essaimage" in html
    assert "La copie" in html
    assert "mars 2019" in html
    assert "Le Lieu qui adapte" in html
    assert len(client.get(f"/api/v1/initiatives/{origin.pk}").json()["essaimage"]) == 2


def test_an_essaimage_names_exactly_one_adopter() -> None:
    origin = InitiativeFactory.create()
    with pytest.raises(IntegrityError):
        Essaimage.objects.create(initiative=origin)


def test_the_api_says_when_a_fiche_is_to_reconfirm(client: Client) -> None:
    old = InitiativeFactory.create(published=True, confirmed_at=timezone.now() - datetime.timedelta(days=370))
    assert client.get(f"/api/v1/initiatives/{old.pk}").json()["a_reconfirmer"] is True


def test_the_signer_is_exported_and_forgotten_with_the_account_while_the_signature_stays() -> None:
    version = CharterVersionFactory.create(number=1)
    ptce = StructureFactory.create(name="Pôle du Forez", kind=StructureKind.PTCE_CLUSTER)
    StructureMembershipFactory.create(structure=ptce, role=MemberRole.MANAGER)  # another manager stays
    manager = StructureMembershipFactory.create(structure=ptce, role=MemberRole.MANAGER).user
    charter_sign(actor=manager, charter_version=version, structure=ptce)
    (exported,) = export_user_data(manager)["charter_signatures"]
    assert exported["structure"] == "Pôle du Forez"
    assert exported["version"] == 1
    delete_account(manager)
    signature = CharterSignature.objects.get()
    assert signature.signed_by is None
    assert signature.structure == ptce
