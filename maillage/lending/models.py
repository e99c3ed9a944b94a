"""Items of equipment lent between structures, the condition reports of their loans, and disputes."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from maillage.concurrency.versions import version_field
from maillage.lending.enums import Audience, Category, DisputeState, ReportKind


class Item(models.Model):
    """An item a structure lends; its calendar and loans are those of its bookable resource."""

    resource = models.OneToOneField("bookings.Resource", on_delete=models.PROTECT, related_name="item")
    category = models.CharField("catégorie", max_length=16, choices=Category.choices)
    description = models.TextField("description", blank=True)
    replacement_value = models.DecimalField(
        "valeur de remplacement (€)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    deposit = models.DecimalField("caution (€)", max_digits=10, decimal_places=2, default=0)
    insurance_required = models.BooleanField("assurance exigée", default=False)
    conditions = models.TextField("conditions de prêt", blank=True)
    audience = models.CharField("qui peut emprunter", max_length=16, choices=Audience.choices)
    version = version_field()

    class Meta:
        verbose_name = "matériel prêté"
        verbose_name_plural = "matériels prêtés"
        ordering = ["resource__name", "pk"]

    def __str__(self) -> str:
        return self.resource.name


class ConditionReport(models.Model):
    """The state of an item when it changes hands, written by one side and countersigned by the other."""

    booking = models.ForeignKey(
        "bookings.Booking", on_delete=models.PROTECT, related_name="condition_reports"
    )
    # A report at a chained hand-over closes one loan and opens the next.
    next_booking = models.ForeignKey(
        "bookings.Booking", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField("moment", max_length=16, choices=ReportKind.choices)
    complete = models.BooleanField("complet (tous les éléments présents)", default=True)
    working = models.BooleanField("en état de marche", default=True)
    remarks = models.TextField("constat", blank=True)
    photo = models.FileField("photo", upload_to="lending/reports/%Y/%m/", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "état des lieux"
        verbose_name_plural = "états des lieux"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.booking}"


class Dispute(models.Model):
    """Damage found at a return: the report at hand-over and the one at return, side by side."""

    booking = models.OneToOneField("bookings.Booking", on_delete=models.PROTECT, related_name="dispute")
    before = models.ForeignKey(ConditionReport, on_delete=models.PROTECT, related_name="+")
    after = models.ForeignKey(ConditionReport, on_delete=models.PROTECT, related_name="+")
    description = models.TextField("dommage constaté")
    state = models.CharField(max_length=16, choices=DisputeState.choices, default=DisputeState.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    settlement = models.TextField("règlement", blank=True)
    version = version_field()
    created_at = models.DateTimeField("ouvert le", auto_now_add=True)

    class Meta:
        verbose_name = "litige"

    def __str__(self) -> str:
        return f"Litige — {self.booking}"
