"""Fixed-window rate limits counted in the database, shared by every worker: login, sign-up, reset, API.

The client is known by its address, read from what no client can forge: REMOTE_ADDR, or behind our own
proxies (settings.MAILLAGE_PROXY_COUNT) the X-Forwarded-For entry the outermost of them wrote.
"""

import datetime
import functools
import ipaddress
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.http import HttpRequest, HttpResponse

from maillage.accounts.models import RateCounter


def valid_ip(value: object) -> str | None:
    """Return an address in its canonical spelling (IPv4-mapped IPv6 as IPv4, no zone), or None if junk."""
    text = str(value or "").strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.9:443"
        text = text.split(":", 1)[0]
    text = text.split("%", 1)[0]  # an IPv6 zone ("fe80::1%eth0") means nothing beyond this host
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def client_ip(request: HttpRequest) -> str:
    """Return the client's address, or "" when none is valid: REMOTE_ADDR, or behind our proxies the
    right-most X-Forwarded-For entry that none of them trusts (the one the outermost proxy appended)."""
    remote = valid_ip(request.META.get("REMOTE_ADDR")) or ""
    proxies = int(getattr(settings, "MAILLAGE_PROXY_COUNT", 0))
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if proxies <= 0 or not forwarded:
        return remote
    # Our N proxies appended N entries, the last of them being REMOTE_ADDR: the client is the entry
    # N places from the right. Whatever stands further left, the client wrote itself: never read.
    entries = forwarded.rsplit(",", proxies)[-proxies:]
    return valid_ip(entries[0]) or remote


def rate_key(address: str) -> str:
    """Return what one client counts as: its IPv4 address, or its IPv6 /64 (one subscriber's network,
    whose addresses it can rotate through at will); "" for no address."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def parse_rate(rate: str) -> tuple[int, int]:
    """Return (count, seconds) from "10/m", "100/h", "5/30s"."""
    count, _, period = rate.partition("/")
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number = period[:-1] or "1"
    return int(count), int(number) * units[period[-1]]


def _count(key: str, expires_at: datetime.datetime) -> int:
    """Add one to a counter, created at 1 if absent, and return it: one atomic statement, all workers."""
    connection = connections[router.db_for_write(RateCounter)]
    quote = connection.ops.quote_name
    table, key_column, count_column = (quote(n) for n in (RateCounter._meta.db_table, "key", "count"))
    # INSERT … ON CONFLICT … RETURNING: the same words on SQLite (3.35+) and PostgreSQL; no read then
    # write, so two workers counting at the same instant both count.
    sql = (
        f"INSERT INTO {table} ({key_column}, {count_column}, {quote('expires_at')}) VALUES (%s, 1, %s) "  # noqa: S608
        f"ON CONFLICT ({key_column}) DO UPDATE SET {count_column} = {table}.{count_column} + 1 "
        f"RETURNING {count_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, connection.ops.adapt_datetimefield_value(expires_at)])
        row = cursor.fetchone()
    return int(row[0])


def hit(group: str, address: str, rate: str) -> bool:
    """Count one request from a client address in `group`; tell whether it is still within `rate`."""
    limit, seconds = parse_rate(rate)
    now = time.time()
    window = int(now // seconds)
    expires_at = datetime.datetime.fromtimestamp((window + 1) * seconds, tz=datetime.UTC)
    count = _count(f"{group}:{rate_key(address)}:{window}", expires_at)
    if count == 1:  # a new window: the counters of finished ones go
        RateCounter.objects.filter(
            expires_at__lt=datetime.datetime.fromtimestamp(now, tz=datetime.UTC)
        ).delete()
    return count <= limit


def too_many_requests(retry_after: int = 60) -> HttpResponse:
    """Return the 429 answer, in French, with Retry-After."""
    response = HttpResponse(
        "Trop de requêtes : réessayez dans une minute.", status=429, content_type="text/plain; charset=utf-8"
    )
    response["Retry-After"] = str(retry_after)
    return response


def ratelimit(group: str, rate: str, *, methods: tuple[str, ...] = ("POST",)) -> Callable[..., Any]:
    """Refuse with a 429 the requests of one client IP beyond `rate` for this view, for the given methods."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.method in methods and not hit(group, client_ip(request), rate):
                return too_many_requests(parse_rate(rate)[1])
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
