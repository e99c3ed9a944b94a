"""Accompaniment bodies (a DLA, the CRDLA, a CRESS, a federation), their staff, the beneficiaries' consent."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from maillage.accompaniment.enums import BodyKind, StaffRole
from maillage.concurrency.versions import version_field
from maillage.structures.models import Structure
from maillage.structures.models.provenance import Sourced

DEFAULT_CHECKPOINT_MONTHS = [12, 18]


def default_checkpoints() -> list[int]:
    return list(DEFAULT_CHECKPOINT_MONTHS)


class Body(Sourced):
    """A structure of the directory that accompanies others; its follow-up offsets in months."""

    structure = models.OneToOneField(
        Structure, models.PROTECT, related_name="accompaniment_body", verbose_name="structure"
    )
    kind = models.CharField("type", max_length=20, choices=BodyKind.choices)
    # Months after the diagnostic when a follow-up checkpoint falls due (one checkpoint each).
    checkpoint_months = models.JSONField(
        "points de suivi (mois après le diagnostic)", default=default_checkpoints
    )
    version = version_field()

    class Meta:
        verbose_name = "structure d'accompagnement"
        verbose_name_plural = "structures d'accompagnement"
        ordering = ["structure__name"]

    def __str__(self) -> str:
        return f"{self.structure.name} ({self.get_kind_display()})"

    def clean(self) -> None:
        months = self.checkpoint_months
        if (
            not isinstance(months, list)
            or not 1 <= len(months) <= 6
            or not all(isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 60 for m in months)
        ):
            raise ValidationError(
                {"checkpoint_months": "De 1 à 6 points de suivi, chacun de 1 à 60 mois après le diagnostic."}
            )
        self.checkpoint_months = sorted(set(months))


class BodyStaff(models.Model):
    """A person holding a role on a body: an officer who runs its cases, or the resource centre."""

    body = models.ForeignKey(Body, models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="accompaniment_roles")
    role = models.CharField("rôle", max_length=20, choices=StaffRole.choices)
    created_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "équipe d'accompagnement"
        verbose_name_plural = "équipes d'accompagnement"
        constraints = [
            models.UniqueConstraint(fields=["body", "user", "role"], name="accompaniment_staff_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.body.structure.name})"


class Consent(models.Model):
    """A beneficiary's manager agreeing that a body opens a case on the structure (ADR 8: consent first)."""

    body = models.ForeignKey(Body, models.CASCADE, related_name="consents")
    structure = models.ForeignKey(Structure, models.CASCADE, related_name="accompaniment_consents")
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    given_at = models.DateTimeField("donné le", auto_now_add=True)
    withdrawn_at = models.DateTimeField("retiré le", null=True, blank=True)

    class Meta:
        verbose_name = "consentement à l'accompagnement"
        verbose_name_plural = "consentements à l'accompagnement"
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "structure"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="accompaniment_consent_live_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.structure} consent à {self.body}"
