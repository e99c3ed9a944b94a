"""The personal-data pages: the privacy notice, the JSON download, account deletion end to end."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from maillage.accounts.api_tokens import token_create
from maillage.accounts.models import ApiToken, LoginAttempt, User
from maillage.accounts.personal_data import export_user_data, register_core_sections
from maillage.history.models import Revision
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.structures.models import Structure
from maillage.structures.services import structure_update
from tests.accounts.factories import PASSWORD, StructureMembershipFactory, UserFactory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sections_and_cache() -> Iterator[None]:
    """Register the accounts app's sections (as its AppConfig.ready() does) and empty the cache."""
    register_core_sections()
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def camille(client: Client) -> User:
    """A logged-in manager of a theatre, with a key and a failed login attempt."""
    user = UserFactory.create(email="camille@example.org", display_name="Camille Lefèvre")
    StructureMembershipFactory.create(
        user=user, structure=StructureFactory.create(name="Théâtre du Verger"), role=MemberRole.MANAGER
    )
    token_create(user=user, name="tableur", scopes=["structures:write"])
    LoginAttempt.objects.create(email="camille@example.org", ip_address="192.0.2.4", succeeded=False)
    client.force_login(user)
    return user


def test_the_pages_have_their_agreed_names() -> None:
    """Other pages link to them by these names."""
    assert reverse("accounts:privacy") == "/compte/donnees-personnelles/"
    assert reverse("accounts:data_export") == "/compte/mes-donnees/"
    assert reverse("accounts:data_export_json") == "/compte/mes-donnees.json"
    assert reverse("accounts:delete") == "/compte/supprimer/"


def test_the_privacy_page_is_public_and_says_what_why_and_how_long(client: Client) -> None:
    """A visitor reads what is processed, on which basis, for how long, and no trackers."""
    response = client.get(reverse("accounts:privacy"))
    assert response.status_code == 200
    text = response.content.decode()
    for expected in (
        "Adresse électronique du compte",
        "Tentatives de connexion",
        "30 jours",
        "3 ans sans connexion",
        "Jetons d'API",
        "Réponses aux enquêtes",
        "leur auteur est anonymisé",
        "Exécution du service",
        "Intérêt légitime",
        "Aucun traceur",
        "l'association qui opère cette instance",
        "<caption>",
    ):
        assert expected in text, expected


def test_the_privacy_page_shows_the_contact_address_when_configured(client: Client, settings: Any) -> None:
    """With MAILLAGE_CONTACT_EMAIL set, people are told where to write."""
    settings.MAILLAGE_CONTACT_EMAIL = "donnees@association.example"
    text = client.get(reverse("accounts:privacy")).content.decode()
    assert 'href="mailto:donnees@association.example"' in text


def test_the_privacy_page_without_contact_address_stays_neutral(client: Client, settings: Any) -> None:
    """Without an address, no invented one: people are sent to the association and to the pages."""
    settings.MAILLAGE_CONTACT_EMAIL = ""
    text = client.get(reverse("accounts:privacy")).content.decode()
    assert "mailto:" not in text
    assert "adressez-vous à cette association" in text


def test_the_data_pages_need_an_account(client: Client) -> None:
    """A visitor is sent to the login page."""
    for name in ("accounts:data_export", "accounts:data_export_json", "accounts:delete", "accounts:tokens"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_export_page_offers_the_download(client: Client, camille: User) -> None:
    """The page explains the file and links to it."""
    text = client.get(reverse("accounts:data_export")).content.decode()
    assert reverse("accounts:data_export_json") in text
    assert "JSON" in text


def test_the_download_is_a_json_attachment_of_the_person_s_data(client: Client, camille: User) -> None:
    """The file holds Camille's account, role, key and attempts, accents kept, and nobody else's data."""
    other = UserFactory.create(email="dominique@example.org")
    StructureMembershipFactory.create(user=other, structure=StructureFactory.create(name="Salle Voisine"))
    response = client.get(reverse("accounts:data_export_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="maillage-mes-donnees-')
    assert response["Cache-Control"] == "no-store"
    raw = response.content.decode()
    assert "Camille Lefèvre" in raw  # ensure_ascii=False: accents as written
    data = json.loads(raw)
    assert data["account"]["email"] == "camille@example.org"
    assert data["account"]["date_joined"] == camille.date_joined.isoformat()
    assert [(m["structure"], m["role"]) for m in data["memberships"]] == [("Théâtre du Verger", "manager")]
    assert [t["name"] for t in data["api_tokens"]] == ["tableur"]
    assert [a["ip_address"] for a in data["login_attempts"]] == ["192.0.2.4"]
    assert "dominique" not in raw
    assert "Salle Voisine" not in raw


def test_the_deletion_page_says_what_goes_and_what_stays(client: Client, camille: User) -> None:
    """Before deleting, the person reads the consequences and the structures left without a manager."""
    text = client.get(reverse("accounts:delete")).content.decode()
    assert "Ce qui est supprimé" in text
    assert "Ce qui reste" in text
    assert "Vous êtes le seul gestionnaire" in text
    assert "Théâtre du Verger" in text
    assert 'autocomplete="current-password"' in text


def test_a_wrong_password_deletes_nothing(client: Client, camille: User) -> None:
    """The error is shown next to the field, in French; the account stays."""
    response = client.post(reverse("accounts:delete"), {"password": "pas le bon mot de passe"})
    assert response.status_code == 400
    assert "Mot de passe incorrect" in response.content.decode()
    assert User.objects.filter(pk=camille.pk).exists()


def test_an_empty_form_deletes_nothing(client: Client, camille: User) -> None:
    """No password, no deletion."""
    response = client.post(reverse("accounts:delete"), {})
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    assert User.objects.filter(pk=camille.pk).exists()


def test_deleting_one_s_account_end_to_end(
    client: Client, camille: User, django_capture_on_commit_callbacks: Any
) -> None:
    """With the password: account, roles, keys and attempts gone, logged out, the theatre still listed."""
    structure = Structure.objects.get(name="Théâtre du Verger")
    structure_update(structure=structure, actor=camille, acronym="TDV", comment="Signé Camille Lefèvre")
    assert export_user_data(camille)["history"]["modifications"][0]["fiche"].startswith("Théâtre du Verger")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    stored = [str(m) for m in get_messages(response.wsgi_request)]
    assert stored == [
        "Votre compte a été supprimé, avec vos données personnelles. "
        "Les fiches publiques des structures restent en ligne."
    ]

    assert not User.objects.filter(email="camille@example.org").exists()
    assert not StructureMembership.objects.filter(structure=structure).exists()
    assert not ApiToken.objects.exists()
    assert not LoginAttempt.objects.filter(email="camille@example.org").exists()
    assert Structure.objects.filter(pk=structure.pk).exists()
    assert client.get(f"/api/v1/structures/{structure.slug}").json()["sigle"] == "TDV"
    # The change stays in the record's history, without its author or their words.
    revision = Revision.objects.get(structure=structure)
    assert revision.author is None
    assert revision.comment == ""

    # Logged out, and the password no longer opens anything.
    assert client.get(reverse("accounts:data_export")).status_code == 302
    assert not client.login(email="camille@example.org", password=PASSWORD)
    assert [m.to for m in mail.outbox] == [["camille@example.org"]]


def test_a_deleted_person_cannot_log_in_through_the_login_page(
    client: Client, camille: User, django_capture_on_commit_callbacks: Any
) -> None:
    """The login form refuses the old address and password."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:delete"), {"password": PASSWORD})
    response = client.post(reverse("accounts:login"), {"email": "camille@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:dashboard")).status_code == 302
