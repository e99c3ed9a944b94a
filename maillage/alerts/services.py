"""Writes of the alerts: create (confirmed by e-mail), confirm, stop one alert or all alerts of an address."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from maillage.accounts.emails import send_after_commit
from maillage.alerts.models import Alert, Frequency, normalize_email
from maillage.alerts.registry import alert_kind

# Beyond this many alerts waiting or running, an address is refused more: no one needs them, a script might.
MAX_ALERTS_PER_ADDRESS = 20


@transaction.atomic
def alert_create(
    *,
    email: str,
    kind: str,
    params: dict[str, Any],
    frequency: str,
    actor: Any = None,
    confirm_url: Any = None,
) -> Alert:
    """Save an alert and send the address its confirmation link; nothing is sent before it is confirmed.

    `confirm_url(alert)` returns the absolute address of the confirmation page. A logged-in person whose
    account address is confirmed already and who asks for that address needs no second confirmation.
    """
    registered = alert_kind(kind)
    if registered is None:
        raise ValidationError("Ce type d'alerte n'existe pas.")
    if frequency not in Frequency.values:
        raise ValidationError("La fréquence est « chaque jour » ou « chaque semaine ».")
    email = normalize_email(email)
    validate_email(email)
    if Alert.objects.of_address(email).filter(unsubscribed_at__isnull=True).count() >= MAX_ALERTS_PER_ADDRESS:
        raise ValidationError(
            f"Cette adresse suit déjà {MAX_ALERTS_PER_ADDRESS} alertes : "
            "arrêtez-en une avant d'en créer une autre."
        )
    user = actor if getattr(actor, "is_authenticated", False) else None
    trusted = (
        user is not None
        and getattr(user, "email_confirmed_at", None) is not None
        and normalize_email(user.email) == email
    )
    alert = Alert(
        email=email,
        user=user,
        kind=kind,
        params=params,
        description=registered.describe(params)[:500],
        frequency=frequency,
        confirmed_at=timezone.now() if trusted else None,
    )
    alert.full_clean()
    alert.save()
    if not trusted and confirm_url is not None:
        send_after_commit(
            to=[email],
            subject="Confirmez votre alerte",
            template="emails/alerts_confirm.txt",
            context={"alert": alert, "confirm_url": confirm_url(alert)},
        )
    return alert


def alert_confirm(*, alert: Alert) -> bool:
    """Confirm the alert's address; return False if it was confirmed already (or stopped)."""
    # One conditional UPDATE: two clicks on the link confirm once.
    updated = Alert.objects.filter(
        pk=alert.pk, confirmed_at__isnull=True, unsubscribed_at__isnull=True
    ).update(confirmed_at=timezone.now(), version=F("version") + 1)
    alert.refresh_from_db()
    return updated == 1


def alert_unsubscribe(*, alert: Alert) -> bool:
    """Stop one alert; return False if it was stopped already."""
    updated = Alert.objects.filter(pk=alert.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now(), version=F("version") + 1
    )
    alert.refresh_from_db()
    return updated == 1


def address_unsubscribe(*, alert: Alert) -> int:
    """Stop every alert sent to the address of `alert` (a digest's one-click link); return how many."""
    return (
        Alert.objects.of_address(alert.email)
        .filter(unsubscribed_at__isnull=True)
        .update(unsubscribed_at=timezone.now(), version=F("version") + 1)
    )
