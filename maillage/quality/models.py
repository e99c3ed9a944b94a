"""The score of a record, kept beside it so that lists can filter and sort by it in SQL."""

from django.db import models


class RecordScore(models.Model):
    """The last computed quality of one record of a scored model, with the findings behind it."""

    model = models.CharField("modèle", max_length=60)
    record_id = models.PositiveBigIntegerField("fiche")
    score = models.PositiveSmallIntegerField("score de qualité")
    # [{key, label, points, maximum, action}], as the scorers found them (maillage.quality.registry).
    findings = models.JSONField("critères", default=list)
    computed_at = models.DateTimeField("calculé le")

    class Meta:
        verbose_name = "score de qualité"
        verbose_name_plural = "scores de qualité"
        constraints = [models.UniqueConstraint(fields=["model", "record_id"], name="quality_one_score")]
        # Filter by a minimum and hand back the record ids without reading the table.
        indexes = [models.Index(fields=["model", "score", "record_id"], name="quality_model_score")]

    def __str__(self) -> str:
        return f"{self.model} n° {self.record_id} : {self.score}/100"
