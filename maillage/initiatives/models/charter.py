"""The PTCE charter: a versioned text that the managers of a PTCE sign for it, version by version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.concurrency.versions import version_field
from maillage.structures.models import Structure
from maillage.structures.models.provenance import Sourced


class Charter(Sourced):
    """A charter PTCE sign (the PTCE referential co-built after the national call)."""

    title = models.CharField("titre", max_length=300)
    slug = models.SlugField("adresse courte", max_length=120, unique=True)
    version = version_field()

    class Meta:
        verbose_name = "charte"
        ordering = ("title",)

    def __str__(self) -> str:
        return self.title

    def current_version(self) -> CharterVersion | None:
        return self.versions.order_by("-number").first()


class CharterVersion(Sourced):
    """One text of the charter; a newer version asks the signatories of the older ones to sign again."""

    charter = models.ForeignKey(Charter, models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("numéro")
    text = models.TextField("texte", blank=True)
    # What the seeds give when they give no text: the title and date facts only, said so on the page.
    text_note = models.CharField("note sur le texte", max_length=300, blank=True)
    published_on = models.DateField("date", null=True, blank=True)

    class Meta:
        verbose_name = "version de charte"
        verbose_name_plural = "versions de charte"
        ordering = ("charter", "-number")
        constraints = [models.UniqueConstraint(fields=("charter", "number"), name="charter_version_once")]

    def __str__(self) -> str:
        return f"{self.charter} (version {self.number})"


class CharterSignature(models.Model):
    """A PTCE's signature of one version, made by one of its managers; withdrawn, never deleted."""

    charter_version = models.ForeignKey(CharterVersion, models.PROTECT, related_name="signatures")
    structure = models.ForeignKey(Structure, models.PROTECT, related_name="charter_signatures")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="charter_signatures"
    )
    signed_at = models.DateTimeField("signée le", auto_now_add=True)
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)

    class Meta:
        verbose_name = "signature de charte"
        verbose_name_plural = "signatures de charte"
        ordering = ("structure__name", "id")
        constraints = [
            # The database decides between two managers signing at once: one signature stands.
            models.UniqueConstraint(
                fields=("charter_version", "structure"),
                condition=Q(withdrawn_at__isnull=True),
                name="charter_signature_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.structure} — {self.charter_version}"
