"""Shared places: a place managed by a structure, its spaces booked by the hour, its closing days."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models

from maillage.concurrency.versions import version_field
from maillage.places.enums import WEEKDAYS, SpaceAudience, SpaceKind


def validate_weekdays(value: str) -> None:
    """Accept ISO weekday digits (1 = Monday … 7 = Sunday), each once."""
    if any(char not in "1234567" for char in value) or len(set(value)) != len(value):
        raise ValidationError(
            "Jours de fermeture : des chiffres de 1 (lundi) à 7 (dimanche), chacun une fois."
        )


class Place(models.Model):
    """A place a structure manages and shares with resident structures (a tiers-lieu, a fabrique…).

    Its residents are the directory's « partage des locaux avec » relations with the managing structure.
    """

    owner = models.ForeignKey(
        "structures.Structure", on_delete=models.PROTECT, related_name="places", verbose_name="gestionnaire"
    )
    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("adresse de la page", max_length=120, unique=True)
    description = models.TextField("présentation", blank=True)
    address = models.CharField("adresse", max_length=300, blank=True)
    opens_at = models.TimeField("ouvre à", default=datetime.time(9))
    closes_at = models.TimeField("ferme à", default=datetime.time(22))
    closed_weekdays = models.CharField(
        "jours de fermeture",
        max_length=7,
        blank=True,
        validators=[validate_weekdays],
        help_text="Les jours fermés chaque semaine, 1 pour lundi … 7 pour dimanche (« 7 », « 17 »).",
    )
    withdrawn_at = models.DateTimeField("retiré le", null=True, blank=True)
    version = version_field()
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "lieu partagé"
        verbose_name_plural = "lieux partagés"
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="place_opens_before_closing"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def closed_days_label(self) -> str:
        """Say the weekly closing days in French (« fermé le lundi et le dimanche »)."""
        names = [WEEKDAYS[int(char)] for char in sorted(self.closed_weekdays)]
        if not names:
            return "ouvert tous les jours"
        if len(names) == 1:
            return f"fermé le {names[0]}"
        return f"fermé le {', le '.join(names[:-1])} et le {names[-1]}"


class ClosingDay(models.Model):
    """A day the place is closed outside its weekly closing days (a holiday, works)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="closing_days")
    day = models.DateField("jour")
    reason = models.CharField("motif", max_length=200, blank=True)

    class Meta:
        verbose_name = "jour de fermeture"
        verbose_name_plural = "jours de fermeture"
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["place", "day"], name="closing_day_once")]

    def __str__(self) -> str:
        return f"{self.place} fermé le {self.day:%d/%m/%Y}"


class Space(models.Model):
    """A room, studio or office of a place; its calendar is that of its resource in the booking engine."""

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="spaces")
    resource = models.OneToOneField("bookings.Resource", on_delete=models.PROTECT, related_name="space")
    kind = models.CharField("type", max_length=16, choices=SpaceKind.choices, default=SpaceKind.ROOM)
    capacity = models.PositiveIntegerField("capacité (personnes)", null=True, blank=True)
    equipment = models.TextField("équipement", blank=True)
    audience = models.CharField(
        "qui peut réserver", max_length=16, choices=SpaceAudience.choices, default=SpaceAudience.RESIDENTS
    )
    version = version_field()

    class Meta:
        verbose_name = "espace"
        ordering = ["place", "resource__name", "pk"]

    def __str__(self) -> str:
        return self.resource.name
