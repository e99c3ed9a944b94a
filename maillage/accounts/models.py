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
