"""What the alerts hold about a person: the searches followed by their address, and what was sent."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from maillage.alerts.models import Alert, SentItem, normalize_email


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _alerts(user: Any) -> Any:
    return Alert.objects.filter(Q(user=user) | Q(email=normalize_email(user.email))).order_by(
        "created_at", "pk"
    )


def alerts_export(user: Any) -> list[dict[str, Any]]:
    """Return the alerts created by the user or sent to their address."""
    return [
        {
            "email": a.email,
            "kind": a.kind,
            "search": a.description,
            "params": a.params,
            "frequency": a.frequency,
            "created_at": _iso(a.created_at),
            "confirmed_at": _iso(a.confirmed_at),
            "unsubscribed_at": _iso(a.unsubscribed_at),
            "last_sent_at": _iso(a.last_sent_at),
            "items_sent": SentItem.objects.filter(email=a.email, kind=a.kind).count(),
        }
        for a in _alerts(user)
    ]


@transaction.atomic
def alerts_erase(user: Any) -> None:
    """Delete the user's alerts and the record of what was sent to their addresses."""
    alerts = list(_alerts(user))
    emails = {a.email for a in alerts} | {normalize_email(user.email)}
    SentItem.objects.filter(email__in=emails).delete()
    Alert.objects.filter(pk__in=[a.pk for a in alerts]).delete()
