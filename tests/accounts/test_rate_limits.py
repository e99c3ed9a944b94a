"""Rate limits on the pages an attacker hammers, per client address that no client can forge."""

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import RateCounter
from maillage.accounts.ratelimit import client_ip, parse_rate

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


FORGED = ["203.0.113.1", "198.51.100.2, 203.0.113.3", "2001:db8::1", "unknown", ""]
JUNK = ["x" * 3000, "1.2.3.4, <script>", "::::", "1.2.3.4\x00", "٣.٣.٣.٣", ", , ,"]


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No proxy of ours: whatever the client writes is ignored.
        (0, "192.0.2.10", "203.0.113.1", "192.0.2.10"),
        # One proxy: it appended the address it saw, the right-most entry; what stands left is the client's.
        (1, "10.0.0.2", "203.0.113.1, 198.51.100.7", "198.51.100.7"),
        (2, "10.0.0.2", "203.0.113.1, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        (2, "10.0.0.2", "198.51.100.7", "198.51.100.7"),
        (1, "10.0.0.2", "[2001:db8::7]:4711", "2001:db8::7"),
        (1, "10.0.0.2", "::ffff:198.51.100.7", "198.51.100.7"),
        # Junk where the address should be: the proxy's own address, never the junk.
        (1, "10.0.0.2", "203.0.113.1, <script>", "10.0.0.2"),
        (1, "10.0.0.2", "x" * 3000, "10.0.0.2"),
        (1, "10.0.0.2", "::::", "10.0.0.2"),
        (0, "pas une adresse", "", ""),
    ],
)
def test_the_client_address_is_what_no_client_can_forge(
    settings: Any, proxies: int, remote: str, forwarded: str, expected: str
) -> None:
    """REMOTE_ADDR, or behind N proxies of ours the N-th X-Forwarded-For entry from the right, valid only."""
    settings.MAILLAGE_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_rotating_forged_header_does_not_escape_the_search_api_limit(settings: Any, proxies: int) -> None:
    """A client writing a new X-Forwarded-For on every request is still counted as one client."""
    settings.API_SEARCH_RATE = "5/m"
    settings.MAILLAGE_PROXY_COUNT = proxies
    # Behind one proxy of ours, the proxy appends the address it saw: the client's own, always the same.
    client = Client(REMOTE_ADDR="10.0.0.2" if proxies else "192.0.2.10")
    statuses = []
    for n, forged in enumerate([*FORGED, *JUNK]):
        header = f"{forged}, 192.0.2.10" if proxies else forged
        response = client.get("/api/v1/structures", {"q": f"essai {n}"}, HTTP_X_FORWARDED_FOR=header)
        statuses.append(response.status_code)
    assert statuses[:5] == [200] * 5
    assert set(statuses[5:]) == {429}
    assert "Trop de recherches" in response.json()["detail"]
    # Another client (another address seen by the proxy) still searches.
    other = client.get("/api/v1/structures", HTTP_X_FORWARDED_FOR="192.0.2.10, 192.0.2.99" if proxies else "")
    assert other.status_code == (200 if proxies else 429)


def test_ipv6_clients_count_by_their_network(settings: Any) -> None:
    """Rotating through the addresses of one IPv6 /64 does not escape the limit."""
    settings.API_SEARCH_RATE = "3/m"
    statuses = [
        Client(REMOTE_ADDR=f"2001:db8:1:2::{n:x}").get("/api/v1/structures").status_code for n in range(1, 5)
    ]
    assert statuses == [200, 200, 200, 429]
    assert Client(REMOTE_ADDR="2001:db8:1:3::1").get("/api/v1/structures").status_code == 200


@pytest.mark.parametrize("forwarded", JUNK)
def test_junk_forwarded_headers_get_normal_answers(settings: Any, forwarded: str) -> None:
    """A header no proxy would write answers as if it were absent, behind a proxy or not."""
    for proxies in (0, 1):
        settings.MAILLAGE_PROXY_COUNT = proxies
        client = Client(HTTP_X_FORWARDED_FOR=forwarded)
        assert client.get("/api/v1/structures").status_code == 200
        assert client.get(reverse("accounts:login")).status_code == 200
        assert client.post(reverse("accounts:signup"), {"email": "pas-une-adresse"}).status_code == 200


def test_counters_live_in_the_database_shared_by_every_worker() -> None:
    """The counters are rows of a table every worker of the site reads and adds to."""
    client = Client()
    for _ in range(3):
        client.post(reverse("accounts:login"), {"email": "pas-une-adresse", "password": "x"})
    [counter] = RateCounter.objects.filter(key__startswith="login:127.0.0.1:")
    assert counter.count == 3


def test_finished_windows_are_forgotten() -> None:
    """A counter whose window ended is deleted when a new window starts, so the table stays small."""
    RateCounter.objects.create(
        key="login:192.0.2.1:1", count=4, expires_at=timezone.now() - timedelta(minutes=1)
    )
    Client().post(reverse("accounts:login"), {"email": "pas-une-adresse", "password": "x"})
    assert [c.key.split(":")[1] for c in RateCounter.objects.all()] == ["127.0.0.1"]
