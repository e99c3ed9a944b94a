"""Password reset by a mailed link, and password change, in French."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from tests.accounts.conftest import link_in_mail
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "un-nouveau-mot-de-passe-solide-2026"
Capture = Callable[..., Any]


def test_reset_the_password_with_the_mailed_link(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    """Ask, follow the link, choose a password, log in with it; the link then no longer works."""
    user = UserFactory.create(email="oublieuse@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "Oublieuse@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert "Consultez votre messagerie" in client.get(response["Location"]).content.decode()
    assert mail.outbox[0].to == ["oublieuse@example.org"]
    assert mail.outbox[0].subject == "[maillage] Réinitialiser votre mot de passe"

    link = link_in_mail()
    form_page = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]

    short = client.post(set_url, {"new_password1": "court", "new_password2": "court"})
    assert "Ce mot de passe est trop court" in short.content.decode()

    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert "Mot de passe enregistré" in client.get(done["Location"]).content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    logged = client.post(
        reverse("accounts:login"), {"email": "oublieuse@example.org", "password": NEW_PASSWORD}
    )
    assert logged.status_code == 302
    client.post(reverse("accounts:logout"))
    again = client.get(link, follow=True)
    assert "Ce lien ne fonctionne pas" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    """The reset page does not reveal which addresses have an account."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "inconnue@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_a_reset_also_confirms_the_address(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    """Following a link sent to the address proves it is theirs: the account may then log in."""
    UserFactory.create(email="attente@example.org", email_confirmed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "attente@example.org"})
    set_url = client.get(link_in_mail(), follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert User.objects.get(email="attente@example.org").email_confirmed_at is not None


def test_change_the_password(client: Client) -> None:
    """The current password is asked for; the new one is checked like at sign-up."""
    user = UserFactory.create()
    client.force_login(user)
    url = reverse("accounts:password_change")
    wrong = client.post(
        url, {"old_password": "faux", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert "Votre ancien mot de passe est incorrect" in wrong.content.decode()
    common = client.post(
        url, {"old_password": PASSWORD, "new_password1": "password1234", "new_password2": "password1234"}
    )
    assert "Ce mot de passe est trop courant." in common.content.decode()
    done = client.post(
        url, {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_changing_the_password_needs_an_account(client: Client) -> None:
    """Visitors are sent to the login page."""
    response = client.get(reverse("accounts:password_change"))
    assert response["Location"].startswith("/compte/connexion/?next=")
