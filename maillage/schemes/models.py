"""A support scheme as Etalab's `dispositif-aide` schema describes it, plus the sector's extensions."""

from django.db import models
from django.urls import reverse

from maillage.concurrency.versions import version_field
from maillage.schemes.enums import ReviewStatus, SchemeStatus, TagKind, Variant
from maillage.structures.models import Discipline, Structure
from maillage.territories.models import Territory


class SchemeQuerySet(models.QuerySet["Scheme"]):
    def visible(self) -> "SchemeQuerySet":
        """Keep the published schemes still listed by their source: what the public searches."""
        return self.filter(status=SchemeStatus.PUBLISHED, retired_from_source_at__isnull=True)


class Scheme(models.Model):
    """A scheme: the schema's fields (named in English, the CSV keeps its French headers) and extensions."""

    # The schema's `id`, set by the scheme's own porteur: the key of every import.
    uid = models.UUIDField("identifiant (schéma)", unique=True)
    variant = models.CharField("variante du schéma", max_length=40, choices=Variant.choices)
    title = models.CharField("titre", max_length=300)
    promise = models.CharField("promesse", max_length=180, blank=True)
    description = models.TextField("description", max_length=5000)
    eligibility = models.TextField("éligibilité")
    aid_types = models.JSONField("types d'aides", default=list)
    programmes_parents = models.JSONField("programmes parents", default=list, blank=True)
    url_source = models.URLField("lien source", max_length=1000, blank=True)
    targets = models.JSONField("cibles", default=list)
    # The schema's codes as written (`REG-84`): they are our territory ids; SchemeTerritory links the
    # known ones, and a code not in the referential is kept so that an export gives it back.
    geo_codes = models.JSONField("éligibilité géographique", default=list)
    geo_exclusions = models.JSONField("exclusions géographiques", default=list, blank=True)
    opens_at = models.DateTimeField("ouverture", null=True, blank=True)
    closes_at = models.DateTimeField("clôture", null=True, blank=True, db_index=True)
    source_updated_at = models.DateTimeField("mise à jour (schéma)")
    # The professionnels variant's typed criteria.
    legal_basis = models.JSONField("base juridique", default=list, blank=True)
    headcount_min = models.PositiveIntegerField("effectif minimal", null=True, blank=True)
    headcount_max = models.PositiveIntegerField("effectif maximal", null=True, blank=True)
    size_categories = models.JSONField("catégories de taille", default=list, blank=True)
    min_years = models.PositiveSmallIntegerField("années d'existence minimales", null=True, blank=True)
    legal_forms = models.JSONField("formes juridiques", default=list, blank=True)
    legal_forms_excluded = models.JSONField("formes juridiques exclues", default=list, blank=True)
    sectors = models.JSONField("secteurs d'activité", default=list, blank=True)
    naf_codes = models.JSONField("codes NAF ciblés", default=list, blank=True)
    naf_excluded = models.JSONField("codes NAF exclus", default=list, blank=True)
    payment_chain = models.CharField("chaînage paiement", max_length=100, blank=True)
    # Extensions the schema lacks (columns `x_…` in our exports).
    disciplines = models.ManyToManyField(Discipline, blank=True, related_name="schemes")
    ess_families = models.JSONField("familles de l'ESS", default=list, blank=True)
    esus_only = models.BooleanField("réservé aux entreprises agréées ESUS", default=False)
    needs = models.JSONField("besoins auxquels il répond", default=list, blank=True)
    instruments = models.JSONField("instruments de finance solidaire", default=list, blank=True)
    formats = models.JSONField("formats d'accompagnement", default=list, blank=True)

    status = models.CharField(
        "état", max_length=20, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT, db_index=True
    )
    version = version_field()
    # Provenance: the source of the record and its date, and per field for what imports wrote.
    source = models.CharField("source", max_length=200)
    source_date = models.DateField("date de la source")
    field_sources = models.JSONField("provenance des champs", default=dict, blank=True, editable=False)
    # Columns of an import the schema does not know: kept aside, reported, exported back.
    extra_columns = models.JSONField("colonnes hors schéma", default=dict, blank=True)
    # Successive runs of its source without this scheme; at the threshold it is "retiré de la source".
    missing_runs = models.PositiveSmallIntegerField("absences successives de la source", default=0)
    retired_from_source_at = models.DateTimeField("retiré de la source le", null=True, blank=True)
    # Set by the link checker when `url_source` stops answering, cleared when it answers again.
    url_broken_since = models.DateTimeField("lien cassé depuis", null=True, blank=True)
    # Communes covered by the area (sum over its territories): narrowest schemes are listed first.
    area_communes = models.PositiveIntegerField("communes couvertes", default=0, db_index=True)
    search_document = models.TextField("document indexé", blank=True, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = "dispositif"
        verbose_name_plural = "dispositifs"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("schemes:detail", kwargs={"uid": self.uid})


class SchemePorteur(models.Model):
    """One actor of a scheme and its roles, linked to the directory's record when it is one."""

    scheme = models.ForeignKey(Scheme, models.CASCADE, related_name="porteurs")
    position = models.PositiveSmallIntegerField("rang", default=0)
    name = models.CharField("nom", max_length=300)
    siren = models.CharField("SIREN", max_length=9, blank=True)
    roles = models.JSONField("rôles", default=list)
    structure = models.ForeignKey(
        Structure, models.SET_NULL, null=True, blank=True, related_name="schemes_carried"
    )

    class Meta:
        verbose_name = "porteur"
        verbose_name_plural = "porteurs"
        ordering = ["scheme", "position"]

    def __str__(self) -> str:
        return self.name


class SchemeTerritory(models.Model):
    """A territory of the scheme's area, or one excluded from it (exclusions take precedence)."""

    scheme = models.ForeignKey(Scheme, models.CASCADE, related_name="area")
    territory = models.ForeignKey(Territory, models.CASCADE, related_name="+")
    excluded = models.BooleanField("exclu", default=False)

    class Meta:
        verbose_name = "territoire d'un dispositif"
        verbose_name_plural = "territoires des dispositifs"
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "territory", "excluded"], name="scheme_territory_unique"
            )
        ]
        indexes = [models.Index(fields=["territory", "excluded", "scheme"])]

    def __str__(self) -> str:
        return f"{self.scheme_id} {'sauf' if self.excluded else '+'} {self.territory_id}"


class SchemeTag(models.Model):
    """One value of a multi-valued field, as a row: facets count and filter these."""

    scheme = models.ForeignKey(Scheme, models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=20, choices=TagKind.choices)
    value = models.CharField(max_length=100)

    class Meta:
        verbose_name = "valeur de facette"
        verbose_name_plural = "valeurs de facettes"
        constraints = [models.UniqueConstraint(fields=["scheme", "kind", "value"], name="scheme_tag_unique")]
        indexes = [models.Index(fields=["kind", "value", "scheme"])]

    def __str__(self) -> str:
        return f"{self.kind}={self.value}"


class SchemeReview(models.Model):
    """Changes an import brought to a published scheme, waiting for a moderator to accept them."""

    scheme = models.ForeignKey(Scheme, models.CASCADE, related_name="reviews")
    source = models.CharField("source", max_length=200)
    changes = models.JSONField("changements proposés", default=dict)
    status = models.CharField(
        "état", max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True
    )
    created_at = models.DateTimeField("proposé le", auto_now_add=True)
    decided_at = models.DateTimeField("décidé le", null=True, blank=True)

    class Meta:
        verbose_name = "changement importé à vérifier"
        verbose_name_plural = "changements importés à vérifier"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.scheme} ({self.get_status_display()})"
