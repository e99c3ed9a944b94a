"""Documents attached to a case (diagnostic reports, conventions), kept in private storage."""

from __future__ import annotations

import os
import uuid
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from maillage.accompaniment.models.cases import Case
from maillage.accompaniment.models.content import Intervention


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT, never served by the web server: only a view that checks `can` reads them.

    The folder is the setting ACCOMPANIMENT_PRIVATE_ROOT (default var/private), read at each use so that
    tests may point it elsewhere.
    """

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self) -> str:
        return str(getattr(settings, "ACCOMPANIMENT_PRIVATE_ROOT", settings.BASE_DIR / "var" / "private"))

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: Any) -> str:
        raise ValueError("Les pièces d'un accompagnement n'ont pas d'adresse publique.")


def attachment_path(instance: Attachment, filename: str) -> str:
    """Return a name that owes nothing to the uploader's file name (kept apart, as the title)."""
    extension = os.path.splitext(filename)[1].lower()[:6]
    return f"accompagnement/{instance.case_id}/{uuid.uuid4().hex}{extension}"


class AttachmentKind(models.TextChoices):
    DIAGNOSTIC = "diagnostic", "Rapport de diagnostic"
    CONVENTION = "convention", "Convention"
    OTHER = "other", "Autre pièce"


class Attachment(models.Model):
    """A document of a case, or of one of its actions (its consultant reads it); withdrawn, never deleted."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="attachments")
    intervention = models.ForeignKey(
        Intervention, models.CASCADE, null=True, blank=True, related_name="attachments", verbose_name="action"
    )
    kind = models.CharField("nature", max_length=12, choices=AttachmentKind.choices)
    title = models.CharField("nom du fichier", max_length=200)
    file = models.FileField("fichier", storage=PrivateStorage(), upload_to=attachment_path, max_length=300)
    content_type = models.CharField("type", max_length=100)
    size = models.PositiveIntegerField("taille (octets)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("déposée le", default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)

    class Meta:
        verbose_name = "pièce d'un accompagnement"
        verbose_name_plural = "pièces des accompagnements"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title
