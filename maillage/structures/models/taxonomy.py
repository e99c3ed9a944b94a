"""Vocabularies that describe structures: artistic disciplines, labels and licences."""

from django.db import models

from maillage.structures.enums import LabelKind


class Discipline(models.Model):
    """An artistic discipline; sub-disciplines point to their parent (spectacle vivant → danse)."""

    name = models.CharField("nom", max_length=100)
    slug = models.SlugField("identifiant", max_length=100, unique=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="discipline parente",
    )
    position = models.PositiveSmallIntegerField("ordre d'affichage", default=0)

    class Meta:
        verbose_name = "discipline"
        verbose_name_plural = "disciplines"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Label(models.Model):
    """A label, licence or approval a structure holds (SMAC, licence d'entrepreneur de spectacles…)."""

    name = models.CharField("nom", max_length=200, unique=True)
    acronym = models.CharField("sigle", max_length=30, blank=True)
    kind = models.CharField("nature", max_length=20, choices=LabelKind.choices, default=LabelKind.LABEL)
    description = models.TextField("description", blank=True)

    class Meta:
        verbose_name = "label ou licence"
        verbose_name_plural = "labels et licences"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name
