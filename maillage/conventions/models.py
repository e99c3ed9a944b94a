"""Partnership conventions: signatories, axes with their objectives, actions, and progress indicators."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from maillage.concurrency.versions import version_field
from maillage.events.models import Event
from maillage.structures.models import Structure
from maillage.structures.models.provenance import Sourced
from maillage.territories.models import Territory


class Convention(Sourced):
    """A convention signed by structures of the directory, in the words of its text."""

    title = models.CharField("titre", max_length=300)
    slug = models.SlugField("adresse courte", max_length=120, unique=True)
    signed_on = models.DateField("signée le")
    duration = models.CharField("durée", max_length=200, blank=True)
    summary = models.TextField("présentation", blank=True)
    signatories = models.ManyToManyField(Structure, through="Signatory", related_name="conventions")
    source_key = models.CharField("clé du jeu de référence", max_length=80, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)
    version = version_field()

    class Meta:
        verbose_name = "convention de partenariat"
        verbose_name_plural = "conventions de partenariat"
        ordering = ("-signed_on", "title")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("conventions:detail", kwargs={"slug": self.slug})


class Signatory(models.Model):
    convention = models.ForeignKey(Convention, models.CASCADE, related_name="signatory_links")
    structure = models.ForeignKey(Structure, models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "signataire"
        ordering = ("position", "id")
        constraints = [models.UniqueConstraint(fields=("convention", "structure"), name="signatory_once")]

    def __str__(self) -> str:
        return str(self.structure)


class Axis(models.Model):
    """One of the convention's axes and its objectives, as the text states them."""

    convention = models.ForeignKey(Convention, models.CASCADE, related_name="axes")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    title = models.CharField("intitulé", max_length=300)
    objectives = models.TextField("objectifs", blank=True)
    version = version_field()

    class Meta:
        verbose_name = "axe"
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    RUNNING = "running", "En cours"
    DONE = "done", "Réalisée"
    ABANDONED = "abandoned", "Abandonnée"


class Action(models.Model):
    """An action launched under an axis: who carries it, when, what it delivers, the meetings it held."""

    axis = models.ForeignKey(Axis, models.CASCADE, related_name="actions")
    title = models.CharField("intitulé", max_length=300)
    description = models.TextField("présentation", blank=True)
    status = models.CharField(
        "état", max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    owners = models.ManyToManyField(Structure, blank=True, related_name="convention_actions")
    starts_on = models.DateField("début", null=True, blank=True)
    ends_on = models.DateField("fin", null=True, blank=True)
    deliverables = models.TextField("livrables", blank=True)
    events = models.ManyToManyField(Event, blank=True, related_name="convention_actions")
    version = version_field()

    class Meta:
        verbose_name = "action"
        ordering = ("starts_on", "id")

    def __str__(self) -> str:
        return self.title


class IndicatorKind(models.TextChoices):
    OBSERVATORY = "observatory", "Indicateur de l'observatoire pour un territoire"
    NETWORK_MEMBERS = "network_members", "Membres d'un réseau de l'annuaire"
    EVENTS_HELD = "events_held", "Événements tenus par les signataires"
    FREE = "free", "Valeur saisie, avec sa source"


class ProgressIndicator(models.Model):
    """A figure that tells the convention's progress: read from maillage at each report, or entered."""

    convention = models.ForeignKey(Convention, models.CASCADE, related_name="indicators")
    axis = models.ForeignKey(Axis, models.SET_NULL, null=True, blank=True, related_name="indicators")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    label = models.CharField("libellé", max_length=300)
    kind = models.CharField("nature", max_length=20, choices=IndicatorKind.choices)
    observatory_key = models.CharField("indicateur de l'observatoire", max_length=60, blank=True)
    territory = models.ForeignKey(Territory, models.PROTECT, null=True, blank=True, related_name="+")
    network = models.ForeignKey(Structure, models.PROTECT, null=True, blank=True, related_name="+")
    free_value = models.DecimalField("valeur saisie", max_digits=14, decimal_places=2, null=True, blank=True)
    free_source = models.CharField("source de la valeur", max_length=300, blank=True)
    version = version_field()

    class Meta:
        verbose_name = "indicateur de suivi"
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.label
