"""A case file: one body accompanying one structure (or several, collectively) through phases."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maillage.accompaniment.enums import NEXT_STEP, CloseReason, Phase
from maillage.accompaniment.models.bodies import Body
from maillage.concurrency.versions import version_field
from maillage.structures.models import Discipline, Structure
from maillage.structures.models.provenance import Sourced
from maillage.territories.models import Territory

SUMMED = ["structures_count", "days_total", "cost_total"]
COVERED = [
    ("region", "region"),
    ("discipline", "disc"),
    ("ess_family", "family"),
    ("close_reason", "outcome"),
    ("year", "year"),
    ("needs_key", "needs"),
]


class Case(Sourced):
    """A case, with the diagnostic's and the plan's texts; actions, checkpoints and situations hang on it.

    The territory, ESS family, discipline and totals of days and costs are copied on the case when it
    opens or changes, so that the sector's figures are a GROUP BY on one table, not a walk over joins.
    """

    body = models.ForeignKey(
        Body, models.PROTECT, related_name="cases", verbose_name="structure d'accompagnement"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="accompaniment_cases",
        verbose_name="chargé·e d'accompagnement",
    )
    beneficiaries = models.ManyToManyField(
        Structure, related_name="accompaniment_cases", verbose_name="structures accompagnées"
    )
    title = models.CharField("intitulé", max_length=200)
    phase = models.CharField("phase", max_length=12, choices=Phase.choices, default=Phase.WELCOME)
    close_reason = models.CharField(
        "motif de clôture", max_length=12, choices=CloseReason.choices, blank=True
    )
    opened_on = models.DateField("ouvert le")
    diagnosed_on = models.DateField("diagnostic posé le", null=True, blank=True)
    closed_on = models.DateField("clos le", null=True, blank=True)
    diagnostic_summary = models.TextField("synthèse du diagnostic", blank=True)
    plan_objectives = models.TextField("objectifs du plan", blank=True)
    plan_budget = models.DecimalField(
        "budget du plan (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    proposed_schemes = models.ManyToManyField(
        "schemes.Scheme", blank=True, related_name="+", verbose_name="dispositifs proposés"
    )
    last_activity_at = models.DateTimeField("dernière activité")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Copies for the figures (see the class docstring): the first beneficiary's place and family.
    year = models.PositiveSmallIntegerField("année d'ouverture")
    region = models.ForeignKey(Territory, models.PROTECT, null=True, blank=True, related_name="+")
    departement = models.ForeignKey(Territory, models.PROTECT, null=True, blank=True, related_name="+")
    ess_family = models.CharField("famille de l'ESS", max_length=30, blank=True)
    discipline = models.ForeignKey(Discipline, models.SET_NULL, null=True, blank=True, related_name="+")
    structures_count = models.PositiveSmallIntegerField("structures accompagnées", default=1)
    days_total = models.DecimalField("jours d'intervention", max_digits=8, decimal_places=1, default=0)
    cost_total = models.DecimalField("coût des actions (€)", max_digits=12, decimal_places=2, default=0)
    # The diagnostic's needs, sorted and comma-joined (a copy of `CaseNeed`): the need breakdown groups
    # the few combinations instead of joining every need row to its case.
    needs_key = models.CharField("besoins repérés (copie)", max_length=400, blank=True)
    version = version_field()

    class Meta:
        verbose_name = "accompagnement"
        verbose_name_plural = "accompagnements"
        ordering = ["-last_activity_at", "-pk"]
        indexes = [
            models.Index(fields=["officer", "phase"], name="accomp_case_officer_idx"),
            models.Index(fields=["body", "year"], name="accomp_case_body_year_idx"),
            models.Index(fields=["year", "region"], name="accomp_case_year_region_idx"),
            # One covering index per breakdown: each GROUP BY reads its index in order, not the table.
            *[
                models.Index(fields=[column, *SUMMED], name=f"accomp_case_{short}_sums_idx")
                for column, short in COVERED
            ],
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def next_step(self) -> str:
        return NEXT_STEP[Phase(self.phase)]

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED


class CaseNeed(models.Model):
    """A need found by the diagnostic, in the needs questionnaire's categories (`schemes.needs`)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="needs")
    need = models.CharField("besoin", max_length=40)
    note = models.CharField("précision", max_length=500, blank=True)
    # True when the structure's own survey answers (consented) express it too.
    from_survey = models.BooleanField("exprimé dans une enquête", default=False)

    class Meta:
        verbose_name = "besoin repéré"
        verbose_name_plural = "besoins repérés"
        ordering = ["need"]
        constraints = [models.UniqueConstraint(fields=["case", "need"], name="accomp_case_need_unique")]

    def __str__(self) -> str:
        return self.need
