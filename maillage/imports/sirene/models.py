"""What a SIRENE run keeps besides structures: the count of cultural establishments, ESS or not."""

from django.db import models

from maillage.territories.models import Territory


class SireneCulturalCount(models.Model):
    """Active establishments of one cultural NAF code in one commune, ESS or not, as one run counted them.

    The observatory divides the ESS rows by the whole to get the ESS share of cultural activity, at any
    territorial level (through the commune closure). A null commune gathers the establishments abroad
    or whose code the referential does not know.
    """

    run = models.ForeignKey(
        "imports.ImportRun", models.CASCADE, related_name="sirene_counts", verbose_name="import"
    )
    commune = models.ForeignKey(
        Territory, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="commune"
    )
    naf_code = models.CharField("code NAF", max_length=6)
    is_ess = models.BooleanField("dans l'ESS")
    establishments = models.PositiveIntegerField("établissements actifs")

    class Meta:
        app_label = "imports"
        verbose_name = "décompte SIRENE des établissements culturels"
        verbose_name_plural = "décomptes SIRENE des établissements culturels"
        constraints = [
            models.UniqueConstraint(
                fields=["run", "commune", "naf_code", "is_ess"], name="sirene_cultural_count_unique"
            ),
        ]
        indexes = [models.Index(fields=["run", "naf_code"])]

    def __str__(self) -> str:
        ess = "ESS" if self.is_ess else "hors ESS"
        return f"{self.commune_id or 'hors référentiel'} {self.naf_code} {ess} : {self.establishments}"
