"""Fixed-window rate limits kept in Django's cache: login, sign-up, password reset, the search API."""

import functools
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse


def client_ip(request: HttpRequest) -> str:
    """Return the client's address (behind the proxy set by SECURE_PROXY_SSL_HEADER, its first hop)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def parse_rate(rate: str) -> tuple[int, int]:
    """Return (count, seconds) from "10/m", "100/h", "5/30s"."""
    count, _, period = rate.partition("/")
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    number = period[:-1] or "1"
    return int(count), int(number) * units[period[-1]]


def hit(group: str, key: str, rate: str) -> bool:
    """Count one request of `key` in `group`; tell whether it is still within `rate`."""
    limit, seconds = parse_rate(rate)
    window = int(time.time() // seconds)
    cache_key = f"ratelimit:{group}:{key}:{window}"
    # add() is atomic: it creates the counter only if absent, then incr() counts.
    cache.add(cache_key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=seconds + 1)
        count = 1
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
