"""Every run of an import, whatever its source: what was read, what changed, what was rejected."""

from django.core.exceptions import ValidationError
from django.db import models

from maillage.imports.networks.columns import mapping_errors


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


class ColumnMapping(models.Model):
    """A coordinator's saved reading of a network's file: which column header feeds which field."""

    name = models.CharField("nom", max_length=200, unique=True)
    mapping = models.JSONField(
        "correspondances",
        default=dict,
        blank=True,
        help_text="En-tête de colonne → champ de la structure (name, siret, postal_code…) ou « ignore ».",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "correspondance de colonnes"
        verbose_name_plural = "correspondances de colonnes"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not isinstance(self.mapping, dict):
            raise ValidationError({"mapping": 'Un objet JSON est attendu : {"en-tête": "champ"}.'})
        errors = mapping_errors(self.mapping)
        if errors:
            raise ValidationError({"mapping": errors})


# SIRENE keeps its own tables in its package; importing them here registers them with the app.
from maillage.imports.sirene.models import SireneCulturalCount  # noqa: E402, F401
