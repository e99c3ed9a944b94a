"""Where a person was going survives login, sign-up and the e-mail confirmation; other hosts never do."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import link_in_mail
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]
CLAIM_PATH = "/contribuer/structures/compagnie-du-chaudron/revendiquer/"


def sign_up(client: Client, capture: Capture, next_path: str) -> None:
    data = {
        "email": "camille@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_privacy": "on",
        "next": next_path,
    }
    with capture(execute=True):
        response = client.post(reverse("accounts:signup"), data)
    assert response.status_code == 302


def test_confirming_a_new_account_leads_back_to_the_page_she_came_from(
    client: Client, django_capture_on_commit_callbacks: Capture
) -> None:
    form = client.get(reverse("accounts:signup"), {"next": CLAIM_PATH}).content.decode()
    assert f'name="next" value="{CLAIM_PATH}"' in form

    sign_up(client, django_capture_on_commit_callbacks, CLAIM_PATH)
    response = client.get(link_in_mail())

    assert response.status_code == 302
    assert response["Location"] == CLAIM_PATH
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "elsewhere",
    [
        "https://evil.example/",
        "//evil.example/contribuer/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/x",
    ],
)
def test_a_return_point_on_another_host_is_ignored(
    client: Client, django_capture_on_commit_callbacks: Capture, elsewhere: str
) -> None:
    sign_up(client, django_capture_on_commit_callbacks, elsewhere)
    response = client.get(link_in_mail())

    assert response["Location"] == reverse("accounts:dashboard")


def test_login_and_sign_up_pages_pass_the_return_point_to_each_other(client: Client) -> None:
    login = client.get(reverse("accounts:login"), {"next": CLAIM_PATH}).content.decode()
    signup = client.get(reverse("accounts:signup"), {"next": CLAIM_PATH}).content.decode()

    assert f"/compte/inscription/?next={CLAIM_PATH}" in login
    assert f"/compte/connexion/?next={CLAIM_PATH}" in signup


def test_the_header_links_bring_the_visitor_back_to_the_page_read(client: Client) -> None:
    page = client.get("/enquetes/").content.decode()

    assert "/compte/connexion/?next=/enquetes/" in page
    assert "/compte/inscription/?next=/enquetes/" in page
