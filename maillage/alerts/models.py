"""Saved searches that send digests by e-mail, and what each address has already been sent."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.concurrency.versions import version_field


class Frequency(models.TextChoices):
    DAILY = "daily", "chaque jour"
    WEEKLY = "weekly", "chaque semaine"


def new_token() -> str:
    """Return an unguessable token for the links of an alert's e-mails."""
    return secrets.token_urlsafe(32)


class AlertQuerySet(models.QuerySet["Alert"]):
    def active(self) -> AlertQuerySet:
        """Alerts that send digests: confirmed by their address, not stopped."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def of_address(self, email: str) -> AlertQuerySet:
        """Alerts sent to `email`, whatever its case."""
        return self.filter(email=normalize_email(email))


def normalize_email(email: str) -> str:
    """Return the address as stored and grouped: trimmed, lowercased (one digest per mailbox)."""
    return email.strip().lower()


class Alert(models.Model):
    """A saved search of one kind (directory, schemes…) followed by one address, daily or weekly."""

    email = models.EmailField("adresse électronique", db_index=True)
    # Set when a logged-in person created it; the address alone receives the digests.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name="compte",
    )
    kind = models.CharField("type d'alerte", max_length=40)
    # The search's parameters as the kind's parse() returned them.
    params = models.JSONField("paramètres de recherche", default=dict, blank=True)
    description = models.CharField("recherche suivie", max_length=500)
    frequency = models.CharField(
        "fréquence", max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    # Confirms the address, stops this alert, stops every alert of the address from a digest.
    token = models.CharField("jeton", max_length=64, unique=True, default=new_token, editable=False)
    confirmed_at = models.DateTimeField("adresse confirmée le", null=True, blank=True)
    # Stopped, never deleted (the person may ask again); the erasure of personal data deletes.
    unsubscribed_at = models.DateTimeField("désabonnée le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    # The end of the window of the last digest accepted by the mail server: the next one starts there.
    last_sent_at = models.DateTimeField("dernier envoi le", null=True, blank=True)
    version = version_field()

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = "alerte"
        verbose_name_plural = "alertes"
        ordering = ["email", "created_at", "pk"]
        indexes = [
            models.Index(
                fields=["frequency", "email"],
                condition=Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True),
                name="alert_active_by_frequency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.email})"


class SentItem(models.Model):
    """An item an address was sent once, by whichever of its alerts found it: never sent again."""

    email = models.EmailField("adresse électronique")
    kind = models.CharField("type d'alerte", max_length=40)
    key = models.CharField("élément", max_length=200)
    sent_at = models.DateTimeField("envoyé le")

    class Meta:
        verbose_name = "élément envoyé"
        verbose_name_plural = "éléments envoyés"
        constraints = [models.UniqueConstraint(fields=["email", "kind", "key"], name="sent_item_once")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} → {self.email}"
