"""Dated snapshots of the observatory's indicators, and the value of each indicator in each territory."""

from django.db import models
from django.utils import timezone

from maillage.observatory.codes import IndicatorKeyField
from maillage.territories.models import Territory


class Snapshot(models.Model):
    """One computation of every indicator for every territory, kept for history (never overwritten)."""

    taken_at = models.DateTimeField("calculé le", default=timezone.now, db_index=True)
    label = models.CharField("libellé", max_length=200)
    trigger = models.CharField(
        "déclencheur",
        max_length=100,
        help_text="« import sirene #12 », « fichier réseau #3 », « calcul manuel »…",
    )
    import_run = models.ForeignKey(
        "imports.ImportRun",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="snapshots",
        verbose_name="import déclencheur",
    )
    # False while the computation runs (a failed one rolls back, so a stored snapshot is complete).
    is_complete = models.BooleanField("complet", default=False)
    mode = models.CharField(
        "mode de calcul",
        max_length=20,
        default="full",
        help_text="full : tout recalculé ; incremental : territoires touchés recalculés, autres recopiés.",
    )
    based_on = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="instantané recopié",
        help_text="Pour un calcul incrémental : l'instantané dont les valeurs inchangées sont recopiées.",
    )
    # ADR 35: the territories this snapshot did not recompute read their values from this one (a
    # snapshot sharing nothing itself), instead of copying its hundreds of thousands of rows. A
    # territory is this snapshot's own when it has its own overall count (selectors.OVERALL).
    shares_values_of = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="valeurs partagées avec",
        help_text="Les territoires non recalculés lisent leurs valeurs dans cet instantané (non recopiées).",
    )
    referential_millesime = models.CharField("millésime du référentiel", max_length=10, blank=True)
    referential_source = models.CharField("source du référentiel", max_length=300, blank=True)
    sirene_run = models.ForeignKey(
        "imports.ImportRun",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="import SIRENE utilisé",
    )
    sirene_date = models.DateField("date de l'import SIRENE", null=True, blank=True)
    # What the values depend on besides the directory (referential release, closure, definitions): an
    # incremental computation is only allowed from a snapshot with the same signature.
    inputs_signature = models.CharField("signature des entrées", max_length=200, blank=True)
    territories_computed = models.PositiveIntegerField("territoires recalculés", default=0)
    values_count = models.PositiveIntegerField("valeurs", default=0)
    duration_s = models.FloatField("durée (s)", null=True, blank=True)

    class Meta:
        verbose_name = "instantané des indicateurs"
        verbose_name_plural = "instantanés des indicateurs"
        ordering = ["-taken_at", "-id"]
        get_latest_by = ["taken_at", "id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.taken_at:%d/%m/%Y %H:%M})"


class IndicatorValue(models.Model):
    """The value of one indicator (or of one category of its breakdown) in one territory at one snapshot."""

    # No index of their own on the two keys: the unique index starts with the snapshot, the history index
    # with the territory, and the two single-column indexes weighed a fifth of every snapshot.
    # No foreign key constraint on PostgreSQL either (ADR 34, migration 0005; SQLite keeps its own):
    # checking 733,289 rows against their snapshot and territory took 5.7 s of a 10 s snapshot. The values
    # are derived, written by set-based SQL from the ids of the referenced rows in the same transaction;
    # Django still cascades a snapshot's deletion to its values, and territories are never deleted.
    snapshot = models.ForeignKey(
        Snapshot,
        models.CASCADE,
        related_name="values",
        verbose_name="instantané",
        db_index=False,
        db_constraint=False,
    )
    territory = models.ForeignKey(
        Territory,
        models.CASCADE,
        related_name="+",
        verbose_name="territoire",
        db_index=False,
        db_constraint=False,
    )
    # Stored as a small number (codes.INDICATOR_CODES), read and filtered by key.
    indicator = IndicatorKeyField("indicateur")
    dimension = models.CharField(
        "catégorie", max_length=60, blank=True, help_text="Vide pour la valeur d'ensemble de l'indicateur."
    )
    value = models.FloatField("valeur")
    numerator = models.FloatField("numérateur", null=True, blank=True)
    denominator = models.FloatField("dénominateur", null=True, blank=True)

    class Meta:
        verbose_name = "valeur d'indicateur"
        verbose_name_plural = "valeurs d'indicateurs"
        # Column order serves the computation (one indicator of a snapshot) and the dashboards (a few
        # territories' values, per indicator, at one snapshot); the history index, one territory's past.
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "indicator", "territory", "dimension"], name="indicator_value_unique"
            ),
        ]
        # A territory's history: its overall values only, so that writing a snapshot maintains a smaller
        # index; read with the literal condition (see selectors._history). Without the indicator: the
        # history reads every indicator of the territory, and its name would weigh 20 bytes per entry.
        # PostgreSQL reads a commune's history through it; SQLite seeks the unique index. Dropping it saved
        # no measurable write time (docs/benchmarks.md, issue 13's fifteenth pass).
        indexes = [
            models.Index(
                fields=["territory", "snapshot"],
                condition=models.Q(dimension=""),
                name="indicator_value_territory_idx",
            )
        ]

    def __str__(self) -> str:
        category = f" [{self.dimension}]" if self.dimension else ""
        return f"{self.territory_id} {self.indicator}{category} = {self.value:g}"


class PendingCommune(models.Model):
    """A commune whose structures were edited since the indicators were last brought up to date.

    Edits add their communes here and the first of a burst queues one task, which takes every commune
    waiting (its own transaction) and amends the month's edits snapshot: many edits, one recompute.
    """

    commune_id = models.CharField("commune", max_length=80, primary_key=True)
    since = models.DateTimeField("en attente depuis", default=timezone.now)

    class Meta:
        verbose_name = "commune à recalculer"
        verbose_name_plural = "communes à recalculer"

    def __str__(self) -> str:
        return self.commune_id
