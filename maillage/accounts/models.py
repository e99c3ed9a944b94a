"""A person who logs in: identified by e-mail, with the least personal data the platform needs."""

from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.utils import timezone

from maillage.accounts.managers import UserManager


class User(AbstractBaseUser, PermissionsMixin):
    """An account: an e-mail to log in and be reached, an optional display name, nothing more."""

    email = models.EmailField("adresse électronique", unique=True)
    # Shown to the structure's other members and to coordinators; public only if `name_is_public`.
    display_name = models.CharField("nom affiché", max_length=150, blank=True)
    name_is_public = models.BooleanField(
        "afficher mon nom publiquement",
        default=False,
        help_text="Sans votre accord, votre nom n'apparaît que pour les membres et coordinateurs concernés.",
    )
    email_confirmed_at = models.DateTimeField("adresse confirmée le", null=True, blank=True)
    is_staff = models.BooleanField("accès à l'administration", default=False)
    is_active = models.BooleanField("actif", default=True)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = "compte"
        verbose_name_plural = "comptes"
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = type(self).objects.normalize_email(self.email).lower()

    @property
    def public_name(self) -> str:
        """Return the name others may see publicly: the display name if its owner agreed, else nothing."""
        return self.display_name if self.name_is_public else ""


class LoginAttempt(models.Model):
    """One try at logging in, kept to lock out repeated failures and to trace them (purged after 30 days)."""

    email = models.CharField("adresse saisie", max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True, db_index=True)
    succeeded = models.BooleanField("réussie", default=False)
    created_at = models.DateTimeField("le", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "tentative de connexion"
        verbose_name_plural = "tentatives de connexion"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} {self.created_at:%Y-%m-%d %H:%M} {'ok' if self.succeeded else 'échec'}"


class RateCounter(models.Model):
    """The requests of one client to one group of pages in one time window, for the rate limits.

    A table rather than a per-process cache: every worker of the site counts in it, each request with one
    atomic statement (maillage.accounts.ratelimit.hit).
    """

    key = models.CharField("clé", max_length=200, primary_key=True)
    count = models.PositiveIntegerField("requêtes", default=0)
    expires_at = models.DateTimeField("expire le", db_index=True)

    class Meta:
        verbose_name = "compteur de requêtes"
        verbose_name_plural = "compteurs de requêtes"

    def __str__(self) -> str:
        return f"{self.key} : {self.count}"


class ApiToken(models.Model):
    """A personal key for the API's writes, limited to scopes; only its hash is stored."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens")
    name = models.CharField("nom", max_length=100, help_text="Pour vous y retrouver : « script du réseau ».")
    # The first characters, shown in lists so that a person recognises a key without it being stored.
    prefix = models.CharField("début de la clé", max_length=12)
    key_hash = models.CharField("empreinte", max_length=64, unique=True, editable=False)
    scopes = models.JSONField("portées", default=list)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernier usage", null=True, blank=True)
    expires_at = models.DateTimeField("expire le", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
