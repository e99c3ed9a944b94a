"""Two records someone said are not the same structure: the duplicate checks stop proposing them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from maillage.structures.models.structure import Structure


class DistinctPair(models.Model):
    """A "not a duplicate" decision about two structures, lower pk first, with who said so and why."""

    first = models.ForeignKey(Structure, models.CASCADE, related_name="+", verbose_name="première fiche")
    second = models.ForeignKey(Structure, models.CASCADE, related_name="+", verbose_name="seconde fiche")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décidé par",
    )
    decided_at = models.DateTimeField("décidé le", auto_now_add=True)
    reason = models.CharField("motif", max_length=300, blank=True)

    class Meta:
        verbose_name = "paire déclarée distincte"
        verbose_name_plural = "paires déclarées distinctes"
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="distinct_pair_unique"),
            # One row per pair: the lower pk always comes first.
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="distinct_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.first} ≠ {self.second}"
