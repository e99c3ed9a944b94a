"""A figure about a structure for one year, as one source states it."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import number_format

from maillage.concurrency.versions import version_field
from maillage.structures.enums import MONETARY_METRICS, Metric
from maillage.structures.models.provenance import Sourced
from maillage.structures.models.structure import Structure

# Qualifiers that read before a number ("plus de 3 000 000 €"); others replace it ("une quinzaine (15)").
PREFIX_QUALIFIERS = frozenset({"plus de", "moins de", "environ", "près de", "au moins", "au plus", "jusqu'à"})


class KeyFigure(Sourced):
    """A budget, a headcount… of one year, from one source: two sources may disagree, both are kept."""

    structure = models.ForeignKey(Structure, models.CASCADE, related_name="key_figures")
    year = models.PositiveSmallIntegerField(
        "année", validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    metric = models.CharField("indicateur", max_length=30, choices=Metric.choices)
    value = models.DecimalField("valeur", max_digits=15, decimal_places=2, validators=[MinValueValidator(0)])
    is_approximate = models.BooleanField("valeur approchée", default=False)
    qualifier = models.CharField(
        "qualificatif",
        max_length=50,
        blank=True,
        help_text="Tel que la source l'écrit : « plus de », « environ », « une quinzaine ».",
    )
    note = models.TextField("note", blank=True, help_text="Ce que la source dit du périmètre ou de l'année.")
    version = version_field()

    class Meta:
        verbose_name = "chiffre clé"
        verbose_name_plural = "chiffres clés"
        ordering = ["structure", "metric", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "year", "metric", "source_label"], name="key_figure_unique_per_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.year} : {self.value_display()}"

    def value_display(self) -> str:
        """Return the value as a reader expects it: "plus de 3 000 000 €", "50", "une quinzaine (15)"."""
        value = self.value if self.value != self.value.to_integral_value() else self.value.quantize(1)
        text = number_format(value, force_grouping=True)
        if self.metric in MONETARY_METRICS:
            text += " €"
        if not self.qualifier:
            return text
        if self.qualifier.lower() in PREFIX_QUALIFIERS:
            return f"{self.qualifier} {text}"
        return f"{self.qualifier} ({text})"
