"""The history of the directory's records, the redirects left by merges, and confirmation reminders."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from maillage.history.enums import RecordType, RevisionAction, Via
from maillage.structures.models import Structure


class Revision(models.Model):
    """One change to a structure's record, or to a relation or key figure that the structure declares.

    A plain foreign key to the structure whose history the change belongs to (a relation belongs to its
    source, a figure to its structure), beside the changed record's type and id. Every history page is
    a structure's, so one indexed query lists it; a merge re-points a whole history with one UPDATE; and
    the database keeps the link consistent, which a generic (content type, object id) pair would not.
    SET_NULL rather than CASCADE: deleting a record keeps its trace, named by `object_repr`.

    `changes` maps a field to {"old": …, "new": …} in JSON-safe values: dates in ISO, decimals as text,
    foreign keys as ids with "old_label"/"new_label", lists (disciplines, labels…) sorted.
    """

    structure = models.ForeignKey(
        Structure, models.SET_NULL, null=True, blank=True, related_name="revisions", verbose_name="structure"
    )
    record_type = models.CharField(
        "type de fiche", max_length=20, choices=RecordType.choices, default=RecordType.STRUCTURE
    )
    record_id = models.CharField("identifiant de la fiche", max_length=40)
    object_repr = models.CharField("fiche", max_length=300)
    action = models.CharField("action", max_length=10, choices=RevisionAction.choices)
    changes = models.JSONField("changements", default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name="auteur",
    )
    # Kept when the account is deleted: "a network coordinator changed this" stays true and names no one.
    author_role = models.CharField("au titre de", max_length=60, blank=True)
    via = models.CharField("par", max_length=12, choices=Via.choices, default=Via.DIRECT)
    comment = models.TextField("commentaire", blank=True)
    reverts = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="reverted_by",
        verbose_name="rétablit",
    )
    created_at = models.DateTimeField("le", default=timezone.now)
    # The version of the record this change produced: a refused stale write lists the revisions after
    # the version its writer read, to say what changed meanwhile, by whom and when.
    record_version = models.PositiveIntegerField("version de la fiche", null=True, blank=True)

    class Meta:
        verbose_name = "révision"
        verbose_name_plural = "révisions"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["structure", "created_at"], name="revision_structure_idx"),
            models.Index(fields=["record_type", "record_id", "created_at"], name="revision_record_idx"),
            models.Index(fields=["author"], name="revision_author_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} de {self.object_repr} le {self.created_at:%d/%m/%Y %H:%M}"


class MergedStructure(models.Model):
    """A structure merged into another: its old address answers with a permanent redirect."""

    old_slug = models.SlugField("ancienne adresse courte", max_length=220, unique=True)
    old_siret = models.CharField("ancien SIRET", max_length=14, blank=True)
    old_name = models.CharField("ancien nom", max_length=255, blank=True)
    into = models.ForeignKey(
        Structure, models.CASCADE, related_name="merged_from", verbose_name="fusionnée dans"
    )
    merged_at = models.DateTimeField("fusionnée le", default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )

    class Meta:
        verbose_name = "structure fusionnée"
        verbose_name_plural = "structures fusionnées"
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.into}"


class ConfirmationReminder(models.Model):
    """When a structure's managers were last reminded to confirm its record: at most once a period."""

    structure = models.OneToOneField(
        Structure, models.CASCADE, related_name="confirmation_reminder", verbose_name="structure"
    )
    sent_at = models.DateTimeField("envoyé le", db_index=True)

    class Meta:
        verbose_name = "rappel de confirmation"
        verbose_name_plural = "rappels de confirmation"

    def __str__(self) -> str:
        return f"{self.structure} : {self.sent_at:%d/%m/%Y}"
