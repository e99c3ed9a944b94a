"""Every run of an import, whatever its source: what was read, what changed, what was rejected."""

from django.db import models


class ImportKind(models.TextChoices):
    SIRENE = "sirene", "Stock SIRENE (INSEE)"
    NETWORK_FILE = "network_file", "Fichier d'un réseau"


class ImportStatus(models.TextChoices):
    RUNNING = "running", "En cours"
    APPLIED = "applied", "Appliqué"
    DRY_RUN = "dry_run", "Simulation (rien d'écrit)"
    REFUSED = "refused", "Refusé (garde-fou)"
    FAILED = "failed", "Échoué (rien d'écrit)"


class ImportRun(models.Model):
    """One run of an importer: a dated snapshot of what a source said, kept for history and guards."""

    kind = models.CharField("source", max_length=20, choices=ImportKind.choices, db_index=True)
    status = models.CharField(
        "état", max_length=20, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    file_name = models.CharField("fichier", max_length=500, blank=True)
    options = models.JSONField("options", default=dict, blank=True)
    # Rows selected by the run, compared with the previous applied run (SIRENE's 98 % guard).
    selected_count = models.PositiveIntegerField("lignes retenues", null=True, blank=True)
    counts = models.JSONField("compteurs", default=dict, blank=True)
    report = models.JSONField("rapport ligne à ligne", default=dict, blank=True)
    message = models.TextField("message", blank=True)
    started_at = models.DateTimeField("commencé le", auto_now_add=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "import"
        verbose_name_plural = "imports"
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.started_at:%Y-%m-%d %H:%M} — {self.get_status_display()}"
