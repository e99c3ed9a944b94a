"""Repeated failed logins lock out the address or the IP for 15 minutes, are logged, then purged."""

import datetime
import logging
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from maillage.accounts.models import LoginAttempt
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/compte/connexion/"
LOCKED = "Trop de tentatives de connexion ont échoué"


def fail(client: Client, email: str, times: int) -> None:
    for _ in range(times):
        response = client.post(LOGIN, {"email": email, "password": "pas-le-bon-mot-de-passe"})
        assert response.status_code == 200


def test_five_failures_lock_the_address_even_for_the_right_password(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    """After five failures, the right password is refused with a French message and a 429."""
    UserFactory.create(email="cible@example.org")
    with caplog.at_level(logging.WARNING, logger="maillage.security"):
        fail(client, "Cible@example.org", 5)
        response = client.post(LOGIN, {"email": "cible@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session

    failures = [record for record in caplog.records if record.name == "maillage.security"]
    assert len(failures) == 6
    assert "cible@example.org" in failures[0].getMessage()
    assert "127.0.0.1" in failures[0].getMessage()
    assert LoginAttempt.objects.filter(email="cible@example.org", succeeded=False).count() == 6


def test_the_lock_does_not_reveal_whether_the_account_exists(client: Client) -> None:
    """An unknown address is locked after five failures with the very same message."""
    fail(client, "inconnue@example.org", 5)
    response = client.post(LOGIN, {"email": "inconnue@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_four_failures_do_not_lock(client: Client) -> None:
    """Below the threshold, the right password still works."""
    UserFactory.create(email="distraite@example.org")
    fail(client, "distraite@example.org", 4)
    response = client.post(LOGIN, {"email": "distraite@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_the_lock_ends_after_fifteen_minutes(client: Client) -> None:
    """Once the failures are more than 15 minutes old, the right password works again."""
    UserFactory.create(email="cible@example.org")
    fail(client, "cible@example.org", 5)
    LoginAttempt.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=16))
    response = client.post(LOGIN, {"email": "cible@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_the_lock_lasts_fifteen_minutes_from_the_last_failure(client: Client) -> None:
    """Failures spread over 14 minutes lock for 15 minutes after the fifth, not until the first expires."""
    UserFactory.create(email="cible@example.org")
    now = timezone.now()
    for minutes in (14, 10, 6, 3, 1):
        attempt = LoginAttempt.objects.create(email="cible@example.org", ip_address="203.0.113.9")
        LoginAttempt.objects.filter(pk=attempt.pk).update(
            created_at=now - datetime.timedelta(minutes=minutes)
        )
    response = client.post(LOGIN, {"email": "cible@example.org", "password": PASSWORD})
    assert response.status_code == 429


def test_twenty_failures_from_one_ip_lock_every_address(client: Client) -> None:
    """An IP that tried twenty addresses in 15 minutes is refused, whatever the address."""
    UserFactory.create(email="autre@example.org")
    LoginAttempt.objects.bulk_create(
        LoginAttempt(email=f"essai{n}@example.org", ip_address="127.0.0.1") for n in range(20)
    )
    response = client.post(LOGIN, {"email": "autre@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()

    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert elsewhere.post(LOGIN, {"email": "autre@example.org", "password": PASSWORD}).status_code == 302


def test_old_attempts_are_purged_after_thirty_days() -> None:
    """purge_login_attempts deletes the attempts older than 30 days (personal data) and keeps the others."""
    old = LoginAttempt.objects.create(email="ancienne@example.org", ip_address="127.0.0.1")
    LoginAttempt.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    recent = LoginAttempt.objects.create(email="recente@example.org", ip_address="127.0.0.1")
    call_command("purge_login_attempts", verbosity=0)
    assert list(LoginAttempt.objects.all()) == [recent]


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_rotating_forged_header_does_not_escape_the_ip_lockout(settings: Any, proxies: int) -> None:
    """Twenty failures on twenty addresses, each with a new X-Forwarded-For, still lock the client's IP."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "1000/m"}  # the lockout alone is tested
    settings.MAILLAGE_PROXY_COUNT = proxies
    UserFactory.create(email="autre@example.org")
    client = Client(REMOTE_ADDR="10.0.0.2" if proxies else "192.0.2.10")
    for n in range(20):
        forged = f"203.0.113.{n + 1}"
        header = f"{forged}, 192.0.2.10" if proxies else forged
        response = client.post(
            LOGIN,
            {"email": f"essai{n}@example.org", "password": "pas-le-bon"},
            HTTP_X_FORWARDED_FOR=header,
        )
        assert response.status_code == 200
    assert set(LoginAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.10"}
    header = "198.51.100.200, 192.0.2.10" if proxies else "198.51.100.200"
    response = client.post(
        LOGIN, {"email": "autre@example.org", "password": PASSWORD}, HTTP_X_FORWARDED_FOR=header
    )
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


@pytest.mark.parametrize("forwarded", ["x" * 3000, "1.2.3.4, <script>", "::::", "fe80::1%eth0", "٣.٣.٣.٣"])
@pytest.mark.parametrize("proxies", [0, 1])
def test_a_junk_forwarded_header_logs_in_normally(settings: Any, forwarded: str, proxies: int) -> None:
    """Junk in X-Forwarded-For never reaches the attempts' address column (an inet on PostgreSQL)."""
    settings.MAILLAGE_PROXY_COUNT = proxies
    UserFactory.create(email="cible@example.org")
    client = Client(HTTP_X_FORWARDED_FOR=forwarded)
    failed = client.post(LOGIN, {"email": "cible@example.org", "password": "pas-le-bon"})
    assert failed.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect" in failed.content.decode()
    response = client.post(LOGIN, {"email": "cible@example.org", "password": PASSWORD})
    assert response.status_code == 302
    # Behind a proxy, a link-local address it wrote is kept without its zone (no inet takes one).
    expected = "fe80::1" if proxies and forwarded.startswith("fe80") else "127.0.0.1"
    assert set(LoginAttempt.objects.values_list("ip_address", flat=True)) == {expected}
