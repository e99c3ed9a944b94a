"""An initiative fiche: what was done, by whom, where, with which effects, and who took it up since."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format

from maillage.concurrency.versions import version_field
from maillage.initiatives.enums import CarrierRole, InitiativeSource, InitiativeState, InnovationFamily
from maillage.search.fulltext import document
from maillage.structures.enums import MONETARY_METRICS, DatePrecision, Metric
from maillage.structures.models import Discipline, Structure
from maillage.structures.models.key_figure import PREFIX_QUALIFIERS
from maillage.structures.models.provenance import Sourced
from maillage.territories.models import Territory

FTS_TABLE = "initiatives_initiative_fts"
# A published fiche its carriers have not confirmed for this long shows « à reconfirmer ».
RECONFIRM_AFTER = datetime.timedelta(days=365)


class Initiative(Sourced):
    """One initiative told as the Labo de l'ESS's « initiatives inspirantes » fiches tell it."""

    title = models.CharField("titre", max_length=300)
    slug = models.SlugField("adresse courte", max_length=120, unique=True)
    summary = models.TextField("résumé", blank=True)
    territory = models.ForeignKey(
        Territory,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name="territoire",
    )
    started_on = models.DateField("début", null=True, blank=True)
    started_on_precision = models.CharField(
        "précision du début", max_length=10, choices=DatePrecision.choices, default=DatePrecision.YEAR
    )
    ended_on = models.DateField("fin", null=True, blank=True)
    history = models.TextField("histoire", blank=True)
    problem = models.TextField("problème traité", blank=True)
    response = models.TextField("réponse apportée", blank=True)
    missions = models.TextField("missions", blank=True, help_text="Une par ligne.")
    cooperation = models.TextField("organisation de la coopération", blank=True)
    governance = models.TextField("gouvernance", blank=True)
    economic_model = models.TextField("modèle économique", blank=True)
    effects = models.TextField("effets observés", blank=True)
    transferability = models.TextField("ce qui la rend transférable", blank=True)
    family = models.CharField(
        "famille d'innovation", max_length=20, choices=InnovationFamily.choices, blank=True
    )
    tags = models.JSONField("étiquettes", default=list, blank=True)
    disciplines = models.ManyToManyField(Discipline, blank=True, related_name="initiatives")
    structures = models.ManyToManyField(Structure, through="InitiativeStructure", related_name="initiatives")
    state = models.CharField(
        "état", max_length=10, choices=InitiativeState.choices, default=InitiativeState.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField("soumise le", null=True, blank=True)
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    # The yearly re-confirmation by a carrier's manager; publication counts as the first one.
    confirmed_at = models.DateTimeField("confirmée le", null=True, blank=True)
    # Set when the text is drawn from a public page (the Labo's fiche): the page names it.
    drawn_from_public_page = models.BooleanField("tirée d'une page publique", default=False)
    source = models.CharField(
        "source", max_length=20, choices=InitiativeSource.choices, default=InitiativeSource.ADMIN
    )
    source_id = models.CharField("identifiant à la source", max_length=120, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True, db_index=True)
    withdrawn_reason = models.CharField("motif du retrait", max_length=300, blank=True)
    search_document = models.TextField("document indexé", blank=True, editable=False)
    version = version_field()

    class Meta:
        verbose_name = "initiative"
        ordering = ("title", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("source", "source_id"), condition=~Q(source_id=""), name="initiative_source_key"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"slug": self.slug})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_document = self.index_document()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_document"}
        super().save(*args, **kwargs)

    def index_document(self) -> str:
        """Return the analysed text the full-text index holds for this fiche."""
        return document(
            (self.title, 3), (self.summary, 2), (f"{self.response} {self.missions} {self.cooperation}", 1)
        )

    def mission_list(self) -> list[str]:
        return [line.strip() for line in self.missions.splitlines() if line.strip()]

    @property
    def is_public(self) -> bool:
        return self.state == InitiativeState.PUBLISHED and self.withdrawn_at is None

    def needs_reconfirmation(self, now: datetime.datetime | None = None) -> bool:
        """Tell whether a published fiche went 12 months without its carriers confirming it."""
        last = self.confirmed_at or self.published_at
        if self.state != InitiativeState.PUBLISHED or last is None:
            return False
        return (now or timezone.now()) - last > RECONFIRM_AFTER


class InitiativeStructure(models.Model):
    """A structure of the directory carrying an initiative or partner in it, with its role in words."""

    initiative = models.ForeignKey(Initiative, models.CASCADE, related_name="links")
    structure = models.ForeignKey(Structure, models.PROTECT, related_name="initiative_links")
    role = models.CharField("rôle", max_length=10, choices=CarrierRole.choices, default=CarrierRole.CARRIER)
    role_label = models.CharField("rôle (précision)", max_length=200, blank=True)

    class Meta:
        verbose_name = "structure d'une initiative"
        verbose_name_plural = "structures d'une initiative"
        ordering = ("role", "structure__name", "id")
        constraints = [
            models.UniqueConstraint(fields=("initiative", "structure"), name="initiative_structure_once")
        ]

    def __str__(self) -> str:
        return f"{self.structure} ({self.get_role_display()})"


class InitiativeFigure(Sourced):
    """A key figure of the initiative for one year, with the document that states it."""

    initiative = models.ForeignKey(Initiative, models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField(
        "année", validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    metric = models.CharField("indicateur", max_length=30, choices=Metric.choices)
    value = models.DecimalField("valeur", max_digits=15, decimal_places=2, validators=[MinValueValidator(0)])
    qualifier = models.CharField("qualificatif", max_length=50, blank=True)
    note = models.TextField("note", blank=True)
    version = version_field()

    class Meta:
        verbose_name = "chiffre clé d'une initiative"
        verbose_name_plural = "chiffres clés d'une initiative"
        ordering = ("initiative", "metric", "-year")

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.year} : {self.value_display()}"

    def value_display(self) -> str:
        """Return the value as the directory shows its key figures: "plus de 3 000 000 €"."""
        value = self.value if self.value != self.value.to_integral_value() else self.value.quantize(1)
        text = number_format(value, force_grouping=True)
        if self.metric in MONETARY_METRICS:
            text += " €"
        if not self.qualifier:
            return text
        if self.qualifier.lower() in PREFIX_QUALIFIERS:
            return f"{self.qualifier} {text}"
        return f"{self.qualifier} ({text})"


class Essaimage(models.Model):
    """An initiative or a structure that replicated or adapted this initiative, and when."""

    initiative = models.ForeignKey(Initiative, models.CASCADE, related_name="essaimages")
    adopter_initiative = models.ForeignKey(
        Initiative, models.PROTECT, null=True, blank=True, related_name="adapted_from"
    )
    adopter_structure = models.ForeignKey(
        Structure, models.PROTECT, null=True, blank=True, related_name="adapted_initiatives"
    )
    started_on = models.DateField("date", null=True, blank=True)
    note = models.CharField("ce qui a été repris ou adapté", max_length=300, blank=True)

    class Meta:
        verbose_name = "essaimage"
        ordering = ("started_on", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(adopter_initiative__isnull=True) ^ Q(adopter_structure__isnull=True),
                name="essaimage_one_adopter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.adopter_initiative or self.adopter_structure}"
