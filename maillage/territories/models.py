"""The territorial referential: every level in one table, plus the commune closure that filters lists."""

from django.db import models

from maillage.territories.enums import CommuneCodeKind, EpciType, Level, ProjectKind
from maillage.territories.managers import TerritoryQuerySet


class Territory(models.Model):
    """A territory of any level, identified by its canonical id (`COM-42218`, `EPCI-244200770`, `TER-…`)."""

    id = models.CharField("identifiant", max_length=80, primary_key=True)
    level = models.CharField("niveau", max_length=20, choices=Level.choices, db_index=True)
    code = models.CharField("code officiel", max_length=60, help_text="Code INSEE, SIREN d'EPCI ou slug")
    name = models.CharField("nom", max_length=200)
    search_name = models.CharField("clé de recherche", max_length=200, db_index=True, editable=False)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    epci_type = models.CharField("type d'EPCI", max_length=10, choices=EpciType.choices, blank=True)
    project_kind = models.CharField(
        "type de territoire de projet", max_length=20, choices=ProjectKind.choices, blank=True
    )
    description = models.TextField("description", blank=True)
    # Direct administrative parents, filled for communes and arrondissements (and régions of départements):
    # they make the usual "commune → EPCI, département, région" reads a join instead of a closure scan.
    region = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="région"
    )
    departement = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="département"
    )
    epci = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="+", verbose_name="EPCI"
    )
    commune = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="arrondissements",
        verbose_name="commune (pour un arrondissement municipal)",
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    is_current = models.BooleanField(
        "en vigueur",
        default=True,
        help_text="Faux pour un territoire disparu d'un millésime plus récent (gardé pour l'historique).",
    )
    millesime = models.CharField("millésime", max_length=10)
    source = models.CharField("source", max_length=200)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = "territoire"
        verbose_name_plural = "territoires"
        ordering = ["id"]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse  # noqa: PLC0415 (URLconf imports models: import late)

        return reverse("territories:detail", kwargs={"territory_id": self.id})


class TerritoryCommune(models.Model):
    """One commune held by a territory: the closure behind every territorial filter of the platform.

    Every territory except arrondissements has its rows here, a commune included (it holds itself), so
    "structures of territory T" is one indexed sub-query whatever T's level, project territories included.
    """

    territory = models.ForeignKey(Territory, models.CASCADE, related_name="commune_links")
    commune = models.ForeignKey(Territory, models.CASCADE, related_name="container_links")

    class Meta:
        verbose_name = "commune d'un territoire"
        verbose_name_plural = "communes des territoires"
        constraints = [
            models.UniqueConstraint(fields=["territory", "commune"], name="territory_commune_unique"),
        ]
        indexes = [models.Index(fields=["commune", "territory"])]

    def __str__(self) -> str:
        return f"{self.territory_id} ⊃ {self.commune_id}"


class CommuneCode(models.Model):
    """A commune code no longer current (merged, delegated, associated) and the commune it now means."""

    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    commune = models.ForeignKey(Territory, models.CASCADE, related_name="former_codes")
    kind = models.CharField("nature", max_length=10, choices=CommuneCodeKind.choices)
    name = models.CharField("nom", max_length=200, blank=True)

    class Meta:
        verbose_name = "ancien code de commune"
        verbose_name_plural = "anciens codes de communes"

    def __str__(self) -> str:
        return f"{self.code} → {self.commune_id}"


class PostalCode(models.Model):
    """A postal code served in a commune (a code may serve several communes, and a commune several codes)."""

    code = models.CharField("code postal", max_length=5, db_index=True)
    commune = models.ForeignKey(Territory, models.CASCADE, related_name="postal_codes")

    class Meta:
        verbose_name = "code postal"
        verbose_name_plural = "codes postaux"
        constraints = [models.UniqueConstraint(fields=["code", "commune"], name="postal_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.commune_id}"


class TerritoryOutline(models.Model):
    """A simplified outline (GeoJSON, WGS 84), kept apart so that reading territories stays light."""

    territory = models.OneToOneField(Territory, models.CASCADE, primary_key=True, related_name="outline")
    geojson = models.TextField("géométrie GeoJSON")
    source = models.CharField("source", max_length=200)

    class Meta:
        verbose_name = "contour"
        verbose_name_plural = "contours"

    def __str__(self) -> str:
        return f"contour de {self.territory_id}"


class ReferentialRelease(models.Model):
    """One run of the referential import: what was read, its millésime, and what changed."""

    source = models.CharField("source", max_length=200)
    millesime = models.CharField("millésime", max_length=10)
    fingerprint = models.CharField("empreinte des données lues", max_length=64)
    summary = models.JSONField("résumé", default=dict)
    imported_at = models.DateTimeField("importé le", auto_now_add=True)

    class Meta:
        verbose_name = "import du référentiel"
        verbose_name_plural = "imports du référentiel"
        get_latest_by = "imported_at"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.source} ({self.millesime})"
