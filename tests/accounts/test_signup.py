"""Sign-up: a French form, a confirmation link by e-mail, then a logged-in person on « Mon espace »."""

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from tests.accounts.conftest import link_in_mail
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = "/compte/inscription/"
OTHER_PASSWORD = "un-autre-mot-de-passe-solide-77"
Capture = Callable[..., Any]


def sign_up(client: Client, capture: Capture, email: str = "Camille@Example.org", **extra: str) -> Any:
    data = {
        "email": email,
        "display_name": "Camille Martin",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_privacy": "on",
        **extra,
    }
    with capture(execute=True):
        return client.post(SIGNUP, data)


def test_the_pages_have_their_agreed_names() -> None:
    """Other pages link to sign-up and confirmation by these names."""
    assert reverse("accounts:signup") == SIGNUP
    assert reverse("accounts:confirm_email", args=["abc"]) == "/compte/confirmer/abc/"


def test_the_form_links_to_the_privacy_notice(client: Client) -> None:
    """The form asks to acknowledge the privacy notice, and links to it."""
    text = client.get(SIGNUP).content.decode()
    assert "J&#x27;ai lu la notice sur les données personnelles" in text
    assert 'href="/compte/donnees-personnelles/"' in text


def test_sign_up_mail_confirm_then_logged_in(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    """The account waits for its confirmation link; following it confirms the address and logs in."""
    response = sign_up(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Consultez votre messagerie" in page

    user = User.objects.get(email="camille@example.org")
    assert user.email_confirmed_at is None
    assert user.display_name == "Camille Martin"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camille@example.org"]
    assert "Confirmez votre adresse" in mail.outbox[0].subject

    response = client.get(link_in_mail())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    dashboard = client.get(response["Location"])
    assert dashboard.status_code == 200
    assert dashboard.wsgi_request.user == user
    assert "Votre adresse est confirmée" in dashboard.content.decode()
    user.refresh_from_db()
    assert user.email_confirmed_at is not None


def test_a_confirmation_link_works_once(client: Client, django_capture_on_commit_callbacks: Capture) -> None:
    """Once used, the link is void: it says so in French and offers a new one."""
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_in_mail()
    client.get(link)
    client.post(reverse("accounts:logout"))

    response = client.get(link)
    assert response.status_code == 400
    assert "Ce lien de confirmation ne fonctionne pas" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_confirmation_link_expires(
    client: Client, django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After three days the link no longer confirms anything."""
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_in_mail()
    four_days_later = time.time() + 4 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: four_days_later)

    assert client.get(link).status_code == 400
    assert User.objects.get(email="camille@example.org").email_confirmed_at is None


def test_a_forged_link_confirms_nothing(client: Client) -> None:
    """A token not signed by the site is refused with a French reason, not an error page."""
    UserFactory.create(email="victime@example.org", email_confirmed_at=None)
    forged = signing.dumps({"user": 1, "email": "victime@example.org"}, key="not-the-site-key")
    response = client.get(reverse("accounts:confirm_email", args=[forged]))
    assert response.status_code == 400
    assert User.objects.get(email="victime@example.org").email_confirmed_at is None


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("court-42", "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères."),
        ("password1234", "Ce mot de passe est trop courant."),
        ("qwertyuiop123", "Ce mot de passe est trop courant."),
    ],
)
def test_weak_passwords_are_refused_in_french(
    client: Client, django_capture_on_commit_callbacks: Capture, password: str, message: str
) -> None:
    """Short or common passwords are refused beside the field, and no account is created."""
    response = sign_up(client, django_capture_on_commit_callbacks, password1=password, password2=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert mail.outbox == []


def test_both_passwords_must_match_and_the_notice_be_acknowledged(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    """Each error is stated next to its field."""
    response = sign_up(
        client, django_capture_on_commit_callbacks, password2="un-autre-mot-de-passe-42", accept_privacy=""
    )
    text = response.content.decode()
    assert "Les deux mots de passe ne sont pas identiques." in text
    assert "Cochez cette case après avoir lu la notice sur les données personnelles." in text
    assert 'aria-invalid="true"' in text
    assert not User.objects.exists()


def test_an_address_with_an_account_is_not_revealed(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    """Signing up with a known address answers exactly as for a new one; its owner is told by e-mail."""
    owner = UserFactory.create(email="camille@example.org")
    response = sign_up(client, django_capture_on_commit_callbacks, email="CAMILLE@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")

    fresh = sign_up(Client(), django_capture_on_commit_callbacks, email="nouvelle@example.org")
    assert fresh["Location"] == response["Location"]
    assert User.objects.filter(email__iexact="camille@example.org").count() == 1

    to_owner = mail.outbox[0]
    assert to_owner.to == ["camille@example.org"]
    assert "a déjà un compte" in to_owner.body
    assert "/compte/mot-de-passe/oublie/" in to_owner.body
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_signing_up_again_before_confirming_sends_a_new_link(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    """Someone who lost the first message signs up again: a new link, and the new password counts."""
    sign_up(client, django_capture_on_commit_callbacks)
    sign_up(client, django_capture_on_commit_callbacks, password1=OTHER_PASSWORD, password2=OTHER_PASSWORD)
    assert len(mail.outbox) == 2
    assert User.objects.count() == 1
    client.get(link_in_mail())
    user = User.objects.get()
    assert user.email_confirmed_at is not None
    assert user.check_password(OTHER_PASSWORD)


def test_who_registers_an_address_first_keeps_no_password_on_it(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    """A sign-up by the address's owner voids the links of an earlier sign-up made by someone else."""
    sign_up(Client(), django_capture_on_commit_callbacks, password1=OTHER_PASSWORD, password2=OTHER_PASSWORD)
    squatter_link = link_in_mail()
    sign_up(client, django_capture_on_commit_callbacks)
    owner_link = link_in_mail()

    assert client.get(squatter_link).status_code == 400
    assert client.get(owner_link)["Location"] == reverse("accounts:dashboard")
    user = User.objects.get()
    assert user.check_password(PASSWORD)
    assert not user.check_password(OTHER_PASSWORD)


def test_a_new_link_can_be_asked_for_without_revealing_accounts(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    """The resend page answers the same for any address and mails only unconfirmed accounts."""
    UserFactory.create(email="attente@example.org", email_confirmed_at=None)
    UserFactory.create(email="active@example.org")
    url = reverse("accounts:resend_confirmation")
    answers = []
    for email in ("attente@example.org", "active@example.org", "inconnue@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(client.post(url, {"email": email}).content.decode())
    assert answers[0] == answers[1] == answers[2]
    assert [message.to for message in mail.outbox] == [["attente@example.org"]]
    client.get(link_in_mail())
    assert User.objects.get(email="attente@example.org").email_confirmed_at is not None
