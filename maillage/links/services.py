"""Check the registered sources' addresses that are due, record what they answered, tell their owners."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import zip_longest

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from maillage.concurrency.locks import exclusive
from maillage.links.models import CheckedLink, LinkStatus
from maillage.links.probe import HostPacer, ProbeResult, host_of, probe
from maillage.links.registry import LinkSource, link_sources

logger = logging.getLogger("maillage.jobs")

LOCK_NAME = "links"
# A link that answers is checked again a week later; one that fails sooner, then less and less often.
RECHECK_OK = datetime.timedelta(days=7)
BACKOFF_BASE = datetime.timedelta(hours=1)
BACKOFF_MAX = datetime.timedelta(days=7)


@dataclass
class CheckSummary:
    checked: int = 0
    ok: int = 0
    failed: int = 0
    newly_broken: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.checked} lien(s) vérifié(s) : {self.ok} accessible(s), {self.failed} en échec, "
            f"{len(self.newly_broken)} nouvellement cassé(s), {len(self.recovered)} rétabli(s)."
        )


def backoff(failures: int) -> datetime.timedelta:
    """Return the wait before checking again a link that failed `failures` times in a row."""
    return min(BACKOFF_BASE * 2 ** max(failures - 1, 0), BACKOFF_MAX)


def _collect() -> dict[str, list[LinkSource]]:
    """Return every address the sources watch now, with the sources that watch it."""
    watched: dict[str, list[LinkSource]] = defaultdict(list)
    for source in link_sources():
        try:
            urls = list(source.urls())
        # One broken source must not stop the checks of the others.
        except Exception:
            logger.exception("link source %s failed to list its addresses", source.key)
            continue
        for url in urls:
            url = (url or "").strip()
            if url and len(url) <= 2000 and source not in watched[url]:
                watched[url].append(source)
    return watched


def _interleaved(links: list[CheckedLink]) -> list[CheckedLink]:
    """Order links one host after another (a, b, c, a, b…): the pacer then rarely has to wait."""
    by_host: dict[str, list[CheckedLink]] = defaultdict(list)
    for link in links:
        by_host[link.host].append(link)
    rounds = zip_longest(*by_host.values())
    return [link for group in rounds for link in group if link is not None]


def _notify(sources: list[LinkSource], url: str, *, broken: bool) -> None:
    for source in sources:
        callback = source.on_broken if broken else source.on_recovered
        if callback is None:
            continue
        try:
            callback(url)
        # The record is saved already: a failing callback is logged, and the next change calls it again.
        except Exception:
            logger.exception("link source %s failed on %s", source.key, url)


def link_record(*, link: CheckedLink, result: ProbeResult, now: datetime.datetime) -> str:
    """Write one check's outcome on the link; return "broken", "recovered" or ""."""
    threshold = int(getattr(settings, "LINKS_BROKEN_AFTER_FAILURES", 2))
    change = ""
    link.last_checked_at = now
    if result.ok:
        if link.status == LinkStatus.BROKEN:
            change = "recovered"
        link.status = LinkStatus.OK
        link.failures = 0
        link.last_ok_at = now
        link.last_error = ""
        link.broken_since = None
        link.next_check_at = now + RECHECK_OK
    else:
        link.failures += 1
        link.last_error = result.error[:300]
        # One failure may be a server restarting: the link is called broken after several in a row.
        if link.failures >= threshold and link.status != LinkStatus.BROKEN:
            link.status = LinkStatus.BROKEN
            link.broken_since = now
            change = "broken"
        link.next_check_at = now + backoff(link.failures)
    link.save(
        update_fields=[
            "status",
            "last_checked_at",
            "last_ok_at",
            "failures",
            "next_check_at",
            "last_error",
            "broken_since",
        ]
    )
    return change


def check_links(
    *,
    now: datetime.datetime | None = None,
    pacer: HostPacer | None = None,
    timeout: float = 10.0,
    limit: int | None = None,
) -> CheckSummary:
    """Check every watched address that is due, one run at a time, at most one request per second per host."""
    with exclusive(LOCK_NAME, what="Une vérification des liens"):
        return _check(now=now or timezone.now(), pacer=pacer or HostPacer(1.0), timeout=timeout, limit=limit)


def _check(*, now: datetime.datetime, pacer: HostPacer, timeout: float, limit: int | None) -> CheckSummary:
    watched = _collect()
    CheckedLink.objects.bulk_create(
        [CheckedLink(url=url, host=host_of(url)[:255]) for url in watched], ignore_conflicts=True
    )
    # Due links first, then those still watched: no list of every address in one IN (…) clause.
    due = [
        link
        for link in CheckedLink.objects.filter(Q(next_check_at__isnull=True) | Q(next_check_at__lte=now))
        .order_by("next_check_at", "pk")
        .iterator()
        if link.url in watched
    ]
    summary = CheckSummary()
    for link in _interleaved(due)[:limit]:
        result = probe(link.url, pacer=pacer, timeout=timeout)
        # The time of the answer, not of the run's start: a run of many links lasts minutes.
        change = link_record(link=link, result=result, now=max(now, timezone.now()))
        summary.checked += 1
        if result.ok:
            summary.ok += 1
        else:
            summary.failed += 1
        if change:
            (summary.newly_broken if change == "broken" else summary.recovered).append(link.url)
            _notify(watched[link.url], link.url, broken=change == "broken")
    return summary
