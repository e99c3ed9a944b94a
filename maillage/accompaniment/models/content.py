"""What the phases of a case hold: actions by consultants, follow-up checkpoints, situations."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maillage.accompaniment.models.cases import Case
from maillage.concurrency.versions import version_field
from maillage.structures.models import Structure


class Intervention(models.Model):
    """An action of the plan, carried out by a consultant, for one structure or several (collective)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="interventions")
    title = models.CharField("intitulé", max_length=200)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="accompaniment_interventions",
        verbose_name="prestataire",
    )
    consultant_name = models.CharField("cabinet ou prestataire", max_length=200, blank=True)
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    days = models.DecimalField("jours", max_digits=6, decimal_places=1)
    cost = models.DecimalField("coût (€)", max_digits=10, decimal_places=2)
    collective = models.BooleanField("collective", default=False)
    structures = models.ManyToManyField(Structure, related_name="+", verbose_name="structures concernées")
    deliverables = models.TextField("livrables", blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    version = version_field()

    class Meta:
        verbose_name = "action d'accompagnement"
        verbose_name_plural = "actions d'accompagnement"
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Checkpoint(models.Model):
    """A follow-up point, due some months after the diagnostic; done once its situation is recorded."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="checkpoints")
    months = models.PositiveSmallIntegerField("mois après le diagnostic")
    due_on = models.DateField("prévu le", db_index=True)
    done_on = models.DateField("fait le", null=True, blank=True)
    note = models.TextField("constat", blank=True)
    version = version_field()

    class Meta:
        verbose_name = "point de suivi"
        verbose_name_plural = "points de suivi"
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Point à {self.months} mois — {self.case}"


class Situation(models.Model):
    """A structure's employment and budget at the start or at a checkpoint, with the figures' source."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="situations")
    structure = models.ForeignKey(Structure, models.CASCADE, related_name="+")
    checkpoint = models.ForeignKey(
        Checkpoint, models.CASCADE, null=True, blank=True, related_name="situations"
    )
    on = models.DateField("à la date du")
    employees = models.DecimalField("emplois (ETP)", max_digits=8, decimal_places=1, null=True, blank=True)
    budget = models.DecimalField("budget (€)", max_digits=14, decimal_places=2, null=True, blank=True)
    # "chiffres clés : <source> (<année>)" or "saisi par le ou la chargé·e d'accompagnement".
    source = models.CharField("source", max_length=300)

    class Meta:
        verbose_name = "situation"
        verbose_name_plural = "situations"
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.structure} au {self.on}"
