"""One digest per address and run: what every active alert of the address found since its last digest.

An item found by several alerts of an address is listed once; items are recorded as sent, and the alerts'
window moved on, only once the mail server accepted the message: a refused sending is tried again, with
the same items, at the next run.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.alerts.models import Alert, SentItem
from maillage.alerts.registry import AlertItem, alert_kind
from maillage.concurrency.locks import exclusive

logger = logging.getLogger("maillage.jobs")

LOCK_NAME = "alerts"


@dataclass
class DigestSummary:
    addresses: int = 0
    sent: int = 0
    failed: int = 0
    items: int = 0

    def __str__(self) -> str:
        return (
            f"{self.sent} résumé(s) envoyé(s) ({self.items} élément(s)) sur {self.addresses} adresse(s), "
            f"{self.failed} envoi(s) en échec, repris au prochain passage."
        )


@dataclass
class Section:
    alert: Alert
    label: str
    items: list[AlertItem] = field(default_factory=list)


def absolute(path: str) -> str:
    """Return the address of a page of the site, for e-mails (SITE_URL, or the first allowed host)."""
    if path.startswith(("http://", "https://")):
        return path
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]
    base = settings.SITE_URL or f"http://{hosts[0] if hosts else 'localhost'}"
    return base.rstrip("/") + path


def _sections(alerts: list[Alert], already: set[tuple[str, str]]) -> tuple[list[Section], list[Alert]]:
    """Return the address's sections, each item in the first alert that found it, and the alerts read."""
    listed = set(already)
    sections: list[Section] = []
    read: list[Alert] = []
    for alert in alerts:
        kind = alert_kind(alert.kind)
        if kind is None:
            continue  # a module removed: its alerts wait, untouched
        since = alert.last_sent_at or alert.confirmed_at or alert.created_at
        try:
            found = kind.find(alert.params, since)
        # One kind failing must not stop the digests of the others; its alerts keep their window.
        except Exception:
            logger.exception("alert kind %s failed for alert %s", alert.kind, alert.pk)
            continue
        read.append(alert)
        section = Section(alert=alert, label=kind.label)
        for item in found:
            if (alert.kind, item.key) not in listed:
                listed.add((alert.kind, item.key))
                section.items.append(AlertItem(item.key, item.title, absolute(item.url), item.summary))
        if section.items:
            sections.append(section)
    return sections, read


def _message(email: str, sections: list[Section], alerts: list[Alert]) -> EmailMessage:
    unsubscribe_url = absolute(reverse("alerts:unsubscribe_address", kwargs={"token": alerts[0].token}))
    count = sum(len(s.items) for s in sections)
    body = render_to_string(
        "emails/alerts_digest.txt",
        {
            "sections": [
                (s, absolute(reverse("alerts:unsubscribe", kwargs={"token": s.alert.token})))
                for s in sections
            ],
            "count": count,
            "unsubscribe_url": unsubscribe_url,
        },
    )
    return EmailMessage(
        subject=f"[maillage] {count} nouveauté(s) pour vos alertes",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
        headers={
            # RFC 2369 and RFC 8058: mail programs show an "unsubscribe" button that POSTs to this address.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_digests(*, frequency: str, now: datetime.datetime | None = None) -> DigestSummary:
    """Send each address its digest for the alerts of this frequency; one run at a time."""
    with exclusive(LOCK_NAME, what="Un envoi des alertes"):
        return _send(frequency=frequency, now=now or timezone.now())


def _send(*, frequency: str, now: datetime.datetime) -> DigestSummary:
    by_address: dict[str, list[Alert]] = defaultdict(list)
    for alert in Alert.objects.active().filter(frequency=frequency).order_by("email", "created_at", "pk"):
        by_address[alert.email].append(alert)
    summary = DigestSummary(addresses=len(by_address))
    for email, alerts in by_address.items():
        already = set(SentItem.objects.filter(email=email).values_list("kind", "key"))
        sections, read = _sections(alerts, already)
        if not sections:
            # Nothing new: the window moves on, the next digest starts from now.
            Alert.objects.filter(pk__in=[a.pk for a in read]).update(last_sent_at=now)
            continue
        try:
            _message(email, sections, alerts).send()
        # The server refused or was unreachable: nothing recorded, the same items go at the next run.
        except Exception:
            logger.exception("alert digest not sent to one address (%s alert(s))", len(alerts))
            summary.failed += 1
            continue
        with transaction.atomic():
            SentItem.objects.bulk_create(
                [
                    SentItem(email=email, kind=s.alert.kind, key=item.key, sent_at=now)
                    for s in sections
                    for item in s.items
                ],
                ignore_conflicts=True,
            )
            Alert.objects.filter(pk__in=[a.pk for a in read]).update(last_sent_at=now)
        summary.sent += 1
        summary.items += sum(len(s.items) for s in sections)
    return summary
