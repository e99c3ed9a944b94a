"""The map from partners' host names to their portals, read at most once a minute per process.

Every request asks it (the portal host middleware), so it is kept in memory; a change of host name made
through the services clears it at commit, and other processes see it within `CACHE_SECONDS`.
"""

from __future__ import annotations

import time

from maillage.portals.models import Portal

CACHE_SECONDS = 60
_hosts: dict[str, int] = {}
_read_at: list[float] = [0.0]


def clear_host_cache() -> None:
    """Forget the host-to-portal map: the next request reads it again."""
    _hosts.clear()
    _read_at[0] = 0.0


def restart_host_cache_minute() -> None:
    """Count the minute of a map already read from now: a test's statement count never meets its end."""
    if _read_at[0]:
        _read_at[0] = time.monotonic()


def portal_id_for_host(host: str) -> int | None:
    """Return the id of the published portal served on this host (lower-case, no port), or None."""
    now = time.monotonic()
    if not _read_at[0] or now - _read_at[0] > CACHE_SECONDS:
        # One query for every host at once: the list of partners' hosts is short.
        rows = Portal.objects.published().filter(custom_host__isnull=False).values_list("custom_host", "pk")
        fresh = {str(host): int(pk) for host, pk in rows}
        _hosts.clear()
        _hosts.update(fresh)
        _read_at[0] = now
    return _hosts.get(host)
