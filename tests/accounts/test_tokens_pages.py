"""The « Jetons d'API » page: list, creation with the key shown once, revocation, bounded queries."""

import datetime
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.api_tokens import token_authenticate, token_create
from maillage.accounts.models import ApiToken, User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

SCOPE = "structures:write"
URL = "/compte/jetons/"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Start every test with no rate-limit counter left by another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(client: Client) -> User:
    user = UserFactory.create()
    client.force_login(user)
    return user


def test_the_page_has_its_agreed_name() -> None:
    """Other pages link to it as accounts:tokens."""
    assert reverse("accounts:tokens") == URL


def test_a_key_is_created_and_shown_in_clear_once(client: Client, person: User) -> None:
    """The answer to the creation shows the key; the list shown afterwards has only its first characters."""
    response = client.post(URL, {"name": "Script du réseau", "scopes": [SCOPE]})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    key = re.search(r'<code id="cle-en-clair">([^<]+)</code>', text)
    assert key is not None
    assert "elle ne sera plus jamais affichée" in text
    assert token_authenticate(key.group(1)).user == person

    later = client.get(URL).content.decode()
    assert key.group(1) not in later
    assert f"{key.group(1)[:8]}…" in later
    assert "Script du réseau" in later


def test_an_expiry_date_makes_the_key_serve_until_the_end_of_that_day(client: Client, person: User) -> None:
    """The chosen day is the last one the key serves."""
    day = timezone.localdate() + datetime.timedelta(days=30)
    client.post(URL, {"name": "Temporaire", "scopes": [SCOPE], "expires_on": day.isoformat()})
    token = ApiToken.objects.get(user=person)
    assert token.expires_at is not None
    assert timezone.localtime(token.expires_at).date() == day
    assert timezone.localtime(token.expires_at).hour == 23


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Sans portée"}, "Choisissez au moins une portée."),
        ({"name": "", "scopes": [SCOPE]}, "Ce champ est obligatoire."),
        ({"name": "Portée inventée", "scopes": ["admin:all"]}, "Sélectionnez un choix valide."),
        ({"name": "Passé", "scopes": [SCOPE], "expires_on": "2001-01-01"}, "Choisissez une date à venir"),
    ],
)
def test_a_bad_form_shows_french_errors_and_creates_nothing(
    client: Client, person: User, data: dict[str, Any], message: str
) -> None:
    """Errors are shown next to the fields; no key is made."""
    response = client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_list_shows_only_the_person_s_own_keys(client: Client, person: User) -> None:
    """Another person's keys never appear."""
    token_create(user=person, name="Le mien", scopes=[SCOPE])
    token_create(user=UserFactory.create(), name="Celui d'une autre", scopes=[SCOPE])
    text = client.get(URL).content.decode()
    assert "Le mien" in text
    assert "Celui d&#x27;une autre" not in text
    assert "Celui d'une autre" not in text


def test_a_key_is_revoked_from_the_page(client: Client, person: User) -> None:
    """The revoke button stops the key; the list then says so."""
    created = token_create(user=person, name="Script", scopes=[SCOPE])
    response = client.post(reverse("accounts:token_revoke", args=[created.token.pk]))
    assert response.status_code == 302
    assert response["Location"] == URL
    created.token.refresh_from_db()
    assert created.token.revoked_at is not None
    page = client.get(URL).content.decode()
    assert "révoqué le" in page
    assert "Le jeton « Script » est révoqué : il ne sert plus." in page


def test_no_one_revokes_another_person_s_key(client: Client, person: User) -> None:
    """A revocation aimed at someone else's key finds nothing."""
    created = token_create(user=UserFactory.create(), name="Pas à moi", scopes=[SCOPE])
    response = client.post(reverse("accounts:token_revoke", args=[created.token.pk]))
    assert response.status_code == 404
    created.token.refresh_from_db()
    assert created.token.revoked_at is None


def test_revocation_is_a_post(client: Client, person: User) -> None:
    """A link cannot revoke a key."""
    created = token_create(user=person, name="Script", scopes=[SCOPE])
    assert client.get(reverse("accounts:token_revoke", args=[created.token.pk])).status_code == 405


def test_the_list_takes_a_bounded_number_of_queries(
    client: Client, person: User, django_assert_max_num_queries: Any
) -> None:
    """Twenty keys cost no more queries than one."""
    for number in range(20):
        token_create(user=person, name=f"Script {number}", scopes=[SCOPE])
    with django_assert_max_num_queries(5):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("Révoquer</button>") == 20
