"""Employer groups' shared positions, their planned split among members, time worked and monthly cost."""

from __future__ import annotations

from django.db import models

from maillage.concurrency.versions import version_field


class ContractType(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"
    OTHER = "other", "Autre"


class SharedPosition(models.Model):
    """A job the group employs and shares among its member structures."""

    group = models.ForeignKey(
        "structures.Structure", on_delete=models.PROTECT, related_name="shared_positions"
    )
    job_title = models.CharField("intitulé du poste", max_length=200)
    contract_type = models.CharField("contrat", max_length=8, choices=ContractType.choices)
    weekly_hours = models.DecimalField("heures par semaine", max_digits=5, decimal_places=2)
    # Personal data: shown to the group's managers and to the members the position works for; erasable.
    employee_name = models.CharField("nom de la personne salariée", max_length=200, blank=True)
    withdrawn_at = models.DateTimeField("retiré le", null=True, blank=True)
    version = version_field()

    class Meta:
        verbose_name = "poste partagé"
        verbose_name_plural = "postes partagés"
        ordering = ["job_title", "pk"]

    def __str__(self) -> str:
        return self.job_title


class PlannedShare(models.Model):
    """The share of a position's time planned for one member in one month, in percent."""

    position = models.ForeignKey(SharedPosition, on_delete=models.CASCADE, related_name="planned_shares")
    member = models.ForeignKey("structures.Structure", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("mois", help_text="Le premier jour du mois.")
    percent = models.DecimalField("part prévue (%)", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "répartition prévue"
        constraints = [
            models.UniqueConstraint(fields=["position", "member", "month"], name="planned_share_once"),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100), name="planned_share_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} — {self.member} — {self.month:%m/%Y}"


class WorkedTime(models.Model):
    """Hours the position actually worked for one member in one month, entered by the group."""

    position = models.ForeignKey(SharedPosition, on_delete=models.CASCADE, related_name="worked_times")
    member = models.ForeignKey("structures.Structure", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("mois")
    hours = models.DecimalField("heures", max_digits=7, decimal_places=2)
    version = version_field()

    class Meta:
        verbose_name = "temps travaillé"
        constraints = [
            models.UniqueConstraint(fields=["position", "member", "month"], name="worked_time_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position} — {self.member} — {self.month:%m/%Y}"


class MonthlyCost(models.Model):
    """What the position cost the group in a month (gross pay and employer charges), in cents."""

    position = models.ForeignKey(SharedPosition, on_delete=models.CASCADE, related_name="monthly_costs")
    month = models.DateField("mois")
    employer_cost_cents = models.PositiveBigIntegerField("coût employeur (centimes)")
    version = version_field()

    class Meta:
        verbose_name = "coût mensuel"
        constraints = [models.UniqueConstraint(fields=["position", "month"], name="monthly_cost_once")]

    def __str__(self) -> str:
        return f"{self.position} — {self.month:%m/%Y}"
