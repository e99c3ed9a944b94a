"""The files published each day, valid or rejected, with the report of their validation."""

from django.db import models
from django.db.models import Q

from maillage.opendata.registry import LICENCE


class Validation(models.TextChoices):
    VALID = "valid", "Valide, publié"
    REJECTED = "rejected", "Refusé, non publié"
    REPLACED = "replaced", "Remplacé le jour même"


class PublishedFile(models.Model):
    """One day's file of a dataset. The current one is the file the site serves; a rejected file never is.

    Rejecting a day's file leaves the previous current file in place: readers keep yesterday's data
    rather than an invalid file. Records are never deleted (the admin only reads them).
    """

    dataset = models.CharField("jeu de données", max_length=80)
    day = models.DateField("jour")
    path = models.CharField(
        "chemin", max_length=300, help_text="Relatif à OPENDATA_ROOT ; vide si le fichier n'a pas été gardé."
    )
    size = models.PositiveBigIntegerField("taille (octets)", default=0)
    sha256 = models.CharField("empreinte SHA-256", max_length=64, blank=True)
    rows = models.PositiveIntegerField("enregistrements", default=0)
    schema = models.CharField("schéma", max_length=200)
    licence = models.CharField("licence", max_length=100, default=LICENCE)
    validation = models.CharField("validation", max_length=20, choices=Validation.choices)
    report = models.JSONField("rapport de validation", default=list, blank=True)
    is_current = models.BooleanField("fichier en ligne", default=False)
    created_at = models.DateTimeField("publié le", auto_now_add=True)
    duration_s = models.FloatField("durée (s)", null=True, blank=True)

    class Meta:
        verbose_name = "fichier de données ouvertes"
        verbose_name_plural = "fichiers de données ouvertes"
        ordering = ["dataset", "-day", "-created_at"]
        constraints = [
            # One file served per dataset: the database decides, whatever two publications do at once.
            models.UniqueConstraint(
                fields=["dataset"], condition=Q(is_current=True), name="opendata_one_current_file"
            ),
            models.UniqueConstraint(
                fields=["dataset", "day"],
                condition=Q(validation="valid"),
                name="opendata_one_valid_file_a_day",
            ),
        ]
        indexes = [models.Index(fields=["dataset", "day"], name="opendata_dataset_day_idx")]

    def __str__(self) -> str:
        return f"{self.dataset} du {self.day:%d/%m/%Y} ({self.get_validation_display()})"
