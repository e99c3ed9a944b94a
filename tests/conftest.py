"""Fixtures shared by the whole test suite."""

import ipaddress
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.repository_guard import install_outside_read_guard

# Names that resolve locally (/etc/hosts), without asking a DNS server.
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def pytest_configure(config: pytest.Config) -> None:
    """Refuse, from collection on, to open files beside the repository: a clone has none."""
    install_outside_read_guard()


# Test files whose tests share a module fixture too costly to build on each worker (the whole referential).
ONE_WORKER_FILES = frozenset({"tests/territories/test_real_referential.py"})


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Distribute test by test in collection order, the files of ONE_WORKER_FILES each on one worker.

    pytest-django runs the transactional tests (browser, live server) last because they empty the
    database, data migrations' rows included; each worker must keep that order, which per-file scheduling
    breaks for files mixing both kinds. xdist's loadgroup would do this but ignores groups on pytest 9.2
    (pytest-xdist issue #1386).
    """
    from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]  # noqa: PLC0415 (xdist only)

    class InOrderScheduling(LoadScopeScheduling):
        def __init__(self, config: pytest.Config, log: Any = None) -> None:
            super().__init__(config, log)
            config.option.loadscopereorder = False  # keep the collection order, not the biggest first

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path in ONE_WORKER_FILES else nodeid

    return InOrderScheduling(config, log) if config.getvalue("dist") == "load" else None


def _is_local(host: object) -> bool:
    """Tell whether resolving `host` stays on this machine."""
    if host is None or host == "":
        return True  # binding to every interface, no lookup involved
    if isinstance(host, bytes):
        host = host.decode("idna")
    if not isinstance(host, str):
        return False
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _local_only(resolve: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a resolver so that it refuses any name that would need the network."""

    def guarded(host: object, *args: Any, **kwargs: Any) -> Any:
        if not _is_local(host):
            # An OSError, like a real lookup failure: socket.getfqdn() and friends fall back on it.
            raise socket.gaierror(socket.EAI_NONAME, f"tests never reach the network (lookup of {host!r})")
        return resolve(host, *args, **kwargs)

    return guarded


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse DNS lookups of non-loopback names during every test."""
    # pytest-socket (addopts in pyproject.toml) only guards socket.connect() once hosts are allowed:
    # a lookup would still query a DNS server, and Django's getfqdn() for e-mails would hang offline.
    # Per test, not per session: pytest-socket swaps the resolvers per test and restores them on teardown.
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        monkeypatch.setattr(socket, name, _local_only(getattr(socket, name)))


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Start every test with an empty cache: rate-limit counters never leak from one test to another."""
    from django.core.cache import cache  # noqa: PLC0415 (Django is set up by then)

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_page_kept_from_another_test() -> None:
    """Forget the pages and API lists kept: a flushed database starts its search generation again, so a
    page another test kept could carry the same token over different data."""
    from maillage.api.kept import kept_lists  # noqa: PLC0415 (Django is set up by then)
    from maillage.www.page_cache import page_cache  # noqa: PLC0415

    page_cache.clear()
    kept_lists.clear()


@pytest.fixture(autouse=True)
def _portal_hosts_kept_through_the_test() -> None:
    """Restart the minute of the portal host map already read: a query count never depends on the clock.

    The map is read again once a minute per process; when the minute ran out in the middle of a counted
    request, that request made one statement more, in whichever test the clock chose.
    """
    from maillage.portals.hosts import restart_host_cache_minute  # noqa: PLC0415 (Django set up by then)

    restart_host_cache_minute()


@pytest.fixture
def loire_rhone(db: None) -> None:
    """Load the real referential of the Loire and the Rhône (with their région and France)."""
    from tests.referential import import_departements  # noqa: PLC0415 (needs Django set up)

    import_departements()


@pytest.fixture(autouse=True)
def _empty_storage() -> Iterator[None]:
    """Start every test with an empty in-memory storage: a file printed by one test never serves another."""
    from django.conf import settings  # noqa: PLC0415 (Django is set up by then)
    from django.test import override_settings  # noqa: PLC0415

    # Overriding the setting, even with itself, makes Django build the storages anew.
    with override_settings(STORAGES=settings.STORAGES):
        yield
