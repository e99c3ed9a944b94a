"""A source that no longer agrees with a person's value: proposed to the record's people, never imposed."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.structures.enums import SourceChangeState
from maillage.structures.models.structure import Structure


class SourceChange(models.Model):
    """What a source now says of a field a person set, pending until a manager or coordinator decides.

    `field` names a group of fields that move together (`address` is street, postal code, commune and
    point); `proposed` and `current` map each of its fields to a JSON-safe value. `run` is the number of
    the import run that proposed it (imports sit above the directory, so a plain number, not a key).
    """

    structure = models.ForeignKey(
        Structure, models.CASCADE, related_name="source_changes", verbose_name="structure"
    )
    field = models.CharField("champ", max_length=40)
    source = models.CharField("source", max_length=120, help_text="sirene, network:<fichier>, reference")
    source_label = models.CharField("nom de la source", max_length=300)
    run = models.PositiveIntegerField("import n°", null=True, blank=True)
    proposed = models.JSONField("valeur de la source", default=dict)
    current = models.JSONField("valeur de la fiche", default=dict)
    state = models.CharField(
        "état", max_length=10, choices=SourceChangeState.choices, default=SourceChangeState.PENDING
    )
    created_at = models.DateTimeField("proposée le", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décidée par",
    )

    class Meta:
        verbose_name = "changement proposé par une source"
        verbose_name_plural = "changements proposés par les sources"
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "field", "source"],
                condition=Q(state=SourceChangeState.PENDING),
                name="source_change_one_pending",
            )
        ]
        indexes = [models.Index(fields=["state", "structure"], name="source_change_state_idx")]

    def __str__(self) -> str:
        return f"{self.source_label} : {self.field} de {self.structure_id}"
