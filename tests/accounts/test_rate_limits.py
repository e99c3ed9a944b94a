"""Rate limits on the pages an attacker hammers: login, sign-up, password reset, confirmation links."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from maillage.accounts.ratelimit import parse_rate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("group", "url_name", "data"),
    [
        ("login", "accounts:login", {"email": "pas-une-adresse", "password": "x"}),
        ("signup", "accounts:signup", {"email": "pas-une-adresse"}),
        ("password_reset", "accounts:password_reset", {"email": "x@example.org"}),
        ("resend_confirmation", "accounts:resend_confirmation", {"email": "x@example.org"}),
    ],
)
def test_posts_beyond_the_rate_get_a_429_in_french(
    client: Client, group: str, url_name: str, data: dict[str, str]
) -> None:
    """Within the rate every POST is answered; the next one is refused with Retry-After."""
    limit, seconds = parse_rate(settings.RATE_LIMITS[group])
    url = reverse(url_name)
    for _ in range(limit):
        assert client.post(url, data).status_code != 429
    response = client.post(url, data)
    assert response.status_code == 429
    assert "Trop de requêtes" in response.content.decode()
    assert response["Retry-After"] == str(seconds)
    # Reading the page stays possible: only POSTs count.
    assert client.get(url).status_code == 200


def test_another_client_is_not_limited(client: Client) -> None:
    """The limit is per client address."""
    url = reverse("accounts:login")
    limit, _ = parse_rate(settings.RATE_LIMITS["login"])
    for _ in range(limit + 1):
        client.post(url, {"email": "pas-une-adresse", "password": "x"})
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(url, {"email": "pas-une-adresse", "password": "x"}).status_code == 200
