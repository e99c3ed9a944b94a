"""Where the link checker finds its addresses: every app whose records hold outside links registers here.

A feature app (schemes and their `url_source`, later others) registers a source from its AppConfig.ready():

    register_link_source("schemes", urls=published_source_urls, on_broken=flag, on_recovered=unflag)

`urls()` returns the addresses to watch now; `on_broken(url)` and `on_recovered(url)` are called once
when a watched address becomes broken, then once when it answers again. The checker never imports the
apps it checks for (ADR 9).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkSource:
    key: str
    urls: Callable[[], Iterable[str]]
    on_broken: Callable[[str], None] | None = None
    on_recovered: Callable[[str], None] | None = None


SOURCES: dict[str, LinkSource] = {}


def register_link_source(
    key: str,
    urls: Callable[[], Iterable[str]],
    on_broken: Callable[[str], None] | None = None,
    on_recovered: Callable[[str], None] | None = None,
) -> None:
    """Add (or replace) a source of addresses to check, with what to call when one breaks or recovers."""
    SOURCES[key] = LinkSource(key=key, urls=urls, on_broken=on_broken, on_recovered=on_recovered)


def unregister_link_source(key: str) -> None:
    """Remove a source (tests register theirs for one run)."""
    SOURCES.pop(key, None)


def link_sources() -> list[LinkSource]:
    """Return the registered sources, in the order they registered."""
    return list(SOURCES.values())
