"""Reads of the link checker's findings, for pages and templates."""

from collections.abc import Iterable

from maillage.links.models import CheckedLink


def link_status(url: str) -> CheckedLink | None:
    """Return what the checker knows of `url`, or None if it has never been watched."""
    if not url:
        return None
    return CheckedLink.objects.filter(url=url).first()


def link_statuses(urls: Iterable[str]) -> dict[str, CheckedLink]:
    """Return the known addresses among `urls`, by address: one query for a whole list."""
    wanted = {u for u in urls if u}
    return {link.url: link for link in CheckedLink.objects.filter(url__in=wanted)} if wanted else {}
