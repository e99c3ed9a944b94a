"""Shares of a case with another body or a resource centre, and the log of reads from outside the body."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from maillage.accompaniment.enums import AccessKind, ShareScope
from maillage.accompaniment.models.bodies import Body
from maillage.accompaniment.models.cases import Case


class Share(models.Model):
    """A case opened to another body's staff, with a scope, dated, until revoked (kept)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="shares")
    grantee = models.ForeignKey(
        Body, models.CASCADE, related_name="shares_received", verbose_name="partagé avec"
    )
    scope = models.CharField("étendue", max_length=10, choices=ShareScope.choices)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    granted_at = models.DateTimeField("partagé le", default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    class Meta:
        verbose_name = "partage d'un accompagnement"
        verbose_name_plural = "partages d'accompagnements"
        ordering = ["-granted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "grantee"],
                condition=models.Q(revoked_at__isnull=True),
                name="accomp_share_live_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} partagé avec {self.grantee}"


class AccessLog(models.Model):
    """A read of a case by someone outside its body, a share or its end: visible to the body."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="access_log")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    # Who the person was for the case, kept when the account goes ("gestionnaire de Le Zoo", "CRDLA"…).
    as_role = models.CharField("au titre de", max_length=200)
    kind = models.CharField("accès", max_length=10, choices=AccessKind.choices)
    at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "accès à un accompagnement"
        verbose_name_plural = "journal des accès aux accompagnements"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["case", "at"], name="accomp_access_case_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.case}"
