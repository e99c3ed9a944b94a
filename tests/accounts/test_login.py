"""Login by e-mail, unconfirmed accounts, logout by POST only, and the administration's login."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import LoginAttempt, User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/compte/connexion/"
Capture = Callable[..., Any]


def test_the_pages_have_their_agreed_names() -> None:
    """Other pages and LOGIN_URL reach these pages by name."""
    assert reverse("accounts:login") == LOGIN
    assert reverse("accounts:logout") == "/compte/deconnexion/"
    assert reverse("accounts:dashboard") == "/compte/"


def test_log_in_with_the_address_in_any_case(client: Client) -> None:
    """The address is matched whatever its case; the attempt is recorded as a success."""
    user = UserFactory.create(email="dominique@example.org")
    response = client.post(LOGIN, {"email": "Dominique@EXAMPLE.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/compte/"
    assert client.get("/compte/").wsgi_request.user == user
    attempt = LoginAttempt.objects.get()
    assert (attempt.email, attempt.ip_address, attempt.succeeded) == (
        "dominique@example.org",
        "127.0.0.1",
        True,
    )


def test_a_wrong_password_says_the_same_as_an_unknown_address(client: Client) -> None:
    """Neither answer tells whether the address has an account."""
    UserFactory.create(email="dominique@example.org")
    wrong = client.post(LOGIN, {"email": "dominique@example.org", "password": "pas-le-bon-mot-de-passe"})
    unknown = client.post(LOGIN, {"email": "personne@example.org", "password": "pas-le-bon-mot-de-passe"})
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginAttempt.objects.filter(succeeded=False).count() == 2


def test_the_next_page_is_followed_only_on_this_site(client: Client) -> None:
    """`next` leads back to the page asked for, never to another site."""
    UserFactory.create(email="dominique@example.org")
    data = {"email": "dominique@example.org", "password": PASSWORD}
    assert client.post(LOGIN, {**data, "next": "/structures/"})["Location"] == "/structures/"
    client.post(reverse("accounts:logout"))
    assert client.post(LOGIN, {**data, "next": "https://ailleurs.example/"})["Location"] == "/compte/"


def test_an_unconfirmed_account_cannot_log_in(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    """With the right password, the page says the address awaits confirmation and offers a new link."""
    UserFactory.create(email="attente@example.org", email_confirmed_at=None)
    response = client.post(LOGIN, {"email": "attente@example.org", "password": PASSWORD})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Votre adresse n'est pas encore confirmée" in text
    assert "_auth_user_id" not in client.session
    assert not LoginAttempt.objects.get().succeeded

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:resend_confirmation"), {"email": "attente@example.org"})
    assert mail.outbox[0].to == ["attente@example.org"]


def test_an_inactive_account_cannot_log_in(client: Client) -> None:
    """A deactivated account is refused like a wrong password."""
    UserFactory.create(email="partie@example.org", is_active=False)
    response = client.post(LOGIN, {"email": "partie@example.org", "password": PASSWORD})
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()


def test_logout_is_refused_by_get(client: Client) -> None:
    """A link or an image cannot log someone out: GET is refused, POST logs out."""
    client.force_login(UserFactory.create())
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_header_offers_login_or_my_space(client: Client) -> None:
    """Visitors see « Se connecter » and « Créer un compte »; people logged in, « Mon espace » and logout."""
    anonymous = client.get(LOGIN).content.decode()
    assert 'href="/compte/connexion/">Se connecter</a>' in anonymous
    assert 'href="/compte/inscription/">Créer un compte</a>' in anonymous
    client.force_login(UserFactory.create())
    logged_in = client.get(LOGIN).content.decode()
    assert ">Mon espace</a>" in logged_in
    assert '<form method="post" action="/compte/deconnexion/">' in logged_in


def test_the_administration_logs_in_through_the_site(client: Client) -> None:
    """The admin's login page sends to the site's own, so that lockout and second factor apply."""
    response = client.get("/admin/")
    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert followed.status_code == 302
    assert followed["Location"] == "/compte/connexion/?next=/admin/"

    UserFactory.create(email="admin@example.org", is_staff=True, is_superuser=True)
    logged = client.post(LOGIN, {"email": "admin@example.org", "password": PASSWORD, "next": "/admin/"})
    assert logged["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_superuser_made_on_the_command_line_can_log_in(client: Client) -> None:
    """createsuperuser has nobody to send a link to: its address counts as confirmed."""
    User.objects.create_superuser("racine@example.org", PASSWORD)
    response = client.post(LOGIN, {"email": "racine@example.org", "password": PASSWORD})
    assert response.status_code == 302
