"""A structure of the directory: an association, cooperative, network, public body… or one of its sites."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper

from maillage.concurrency.versions import version_field
from maillage.structures.enums import (
    Activity,
    DataSource,
    DatePrecision,
    EssFamily,
    HeadcountBand,
    StructureKind,
    WithdrawalReason,
)
from maillage.structures.managers import StructureQuerySet
from maillage.structures.models.provenance import Sourced
from maillage.structures.models.taxonomy import Discipline, Label
from maillage.structures.validators import validate_siren, validate_siret
from maillage.territories.enums import Level
from maillage.territories.models import Territory

# How many parents to climb before calling a chain of branches a cycle.
MAX_PARENT_DEPTH = 20


class Structure(Sourced):
    """An organisation of the directory, with its identifiers, legal form, activity, place and provenance."""

    name = models.CharField("nom", max_length=255)
    acronym = models.CharField("sigle", max_length=50, blank=True)
    other_names = models.TextField(
        "autres noms", blank=True, help_text="Un par ligne : anciens noms, noms d'usage, noms d'une mission."
    )
    slug = models.SlugField("adresse courte", max_length=220, unique=True, editable=False)
    description = models.TextField("présentation", blank=True)

    # Empty strings rather than NULL for unknown identifiers (Django's convention for text): uniqueness
    # of the SIRET is a partial constraint that ignores them.
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])
    siren = models.CharField(
        "SIREN",
        max_length=9,
        blank=True,
        db_index=True,
        validators=[validate_siren],
        help_text="Déduit du SIRET quand il est connu.",
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
        verbose_name="structure de rattachement",
        help_text="Pour une antenne ou un lieu sans SIRET propre : la structure qui le porte.",
    )

    legal_category_code = models.CharField(
        "catégorie juridique (code INSEE)",
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^\d{4}$", "Le code de catégorie juridique compte 4 chiffres.")],
    )
    legal_category_label = models.CharField("catégorie juridique", max_length=200, blank=True)
    ess_family = models.CharField(
        "famille de l'ESS",
        max_length=30,
        choices=EssFamily.choices,
        default=EssFamily.UNKNOWN,
        help_text=(
            "Déduite de la catégorie juridique ; SCIC et CAE se déclarent, l'INSEE ne les distingue pas."
        ),
    )
    is_ess = models.BooleanField(
        "dans l'ESS",
        null=True,
        blank=True,
        help_text="Indicateur ESS de SIRENE quand il est connu, sinon déduit de la forme juridique.",
    )
    naf_code = models.CharField(
        "code NAF",
        max_length=6,
        blank=True,
        db_index=True,
        validators=[RegexValidator(r"^\d{2}\.\d{2}[A-Z]$", "Un code NAF s'écrit comme 90.01Z.")],
    )
    naf_label = models.CharField("activité principale (NAF)", max_length=200, blank=True)
    kind = models.CharField(
        "type", max_length=30, choices=StructureKind.choices, default=StructureKind.CULTURAL
    )
    disciplines = models.ManyToManyField(Discipline, blank=True, related_name="structures")
    labels = models.ManyToManyField(
        Label, blank=True, related_name="structures", verbose_name="labels et licences"
    )

    street = models.CharField("adresse", max_length=255, blank=True)
    postal_code = models.CharField(
        "code postal",
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", "Un code postal compte 5 chiffres.")],
    )
    commune = models.ForeignKey(
        Territory,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="structures",
        limit_choices_to={"level": Level.COMMUNE},
        error_messages={
            "invalid": "Choisissez une commune du référentiel (ni arrondissement ni autre niveau)."
        },
    )
    latitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    territories_served = models.ManyToManyField(
        Territory, blank=True, related_name="structures_serving", verbose_name="territoires d'action"
    )

    website = models.URLField("site web", blank=True)
    # The organisation's generic contact only (contact@…, the switchboard). A person's name, address or
    # direct line is personal data a public directory may not publish without that person's consent
    # (GDPR): people are not part of this model.
    email = models.EmailField("courriel de la structure", blank=True)
    phone = models.CharField("téléphone de la structure", max_length=30, blank=True)

    founded_on = models.DateField("création", null=True, blank=True)
    founded_on_precision = models.CharField(
        "précision de la date de création",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    is_active = models.BooleanField("en activité", default=True)
    closed_on = models.DateField("fermée le", null=True, blank=True)
    headcount_band = models.CharField(
        "tranche d'effectif salarié",
        max_length=2,
        choices=HeadcountBand.choices,
        default=HeadcountBand.UNKNOWN,
        db_index=True,
        help_text="Tranche d'effectif de SIRENE (trancheEffectifs) quand elle est connue.",
    )
    headcount_year = models.PositiveSmallIntegerField("année de l'effectif", null=True, blank=True)
    logo = models.ImageField(
        "logo",
        upload_to="logos/",
        blank=True,
        help_text="PNG, JPEG ou WebP, 1 Mo au plus.",
    )
    # When a member or a coordinator last said the record is true, edits included: what "fresh" means.
    confirmed_at = models.DateTimeField("confirmée le", null=True, blank=True, db_index=True)
    # Optimistic concurrency (ADR 6): every write names the version it read.
    version = version_field()

    # Which feed wrote the record and its key there; the document itself is in Sourced's fields.
    source = models.CharField("source", max_length=20, choices=DataSource.choices, default=DataSource.ADMIN)
    source_id = models.CharField(
        "identifiant dans la source", max_length=100, blank=True, help_text="Clé naturelle des imports."
    )
    # Names, acronym, place, disciplines and presentation folded by search_key: one column to filter on,
    # kept in step by the services, which alone write structures.
    search_text = models.TextField("texte de recherche", blank=True, editable=False)
    # The same text analysed for the full-text index (French stems and folded words, names weighted),
    # indexed by FTS5 on SQLite and GIN on PostgreSQL (migration 0003); the folded name ranks results.
    search_document = models.TextField("document indexé", blank=True, editable=False)
    search_name = models.CharField("nom replié", max_length=255, blank=True, editable=False, db_index=True)
    # Who set each field's current value: {field: {"kind": "person"|"import"|"reference"|"derived", …}};
    # "_" holds the creating import's entry for every field without one (see structures.field_sources).
    field_sources = models.JSONField("provenance des champs", default=dict, blank=True, editable=False)
    # A withdrawn record is unpublished, never deleted: hidden from lists, search, exports, API and
    # indicators, kept with its members, figures and answers for its managers and coordinators.
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True, db_index=True)
    withdrawn_reason = models.CharField(
        "motif du retrait", max_length=20, choices=WithdrawalReason.choices, blank=True
    )

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = "structure"
        verbose_name_plural = "structures"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"],
                condition=~Q(siret=""),
                name="structure_siret_unique",
                violation_error_message="Une autre structure porte déjà ce SIRET.",
            ),
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source_id=""),
                name="structure_source_id_unique",
                violation_error_message="Une autre structure porte déjà cet identifiant dans cette source.",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="structure_not_own_parent"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(is_active=False), name="structure_closed_is_inactive"
            ),
        ]
        # The observatory counts the structures written since its last snapshot (its lag note): a range
        # over this index instead of a scan of every structure, France included.
        indexes = [
            models.Index(fields=["updated_at"], name="structure_updated_at_idx"),
            # A text search's first tier (the acronym typed exactly) is found without ranking every match.
            models.Index(Upper("acronym"), name="structure_acronym_upper_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.siret and self.siren and self.siret[:9] != self.siren:
            errors["siren"] = "Le SIREN doit être les 9 premiers chiffres du SIRET."
        if self.closed_on and self.is_active:
            errors["is_active"] = "Une structure fermée n'est plus en activité."
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = "Indiquez la latitude et la longitude, ou aucune des deux."
        if self.parent_id is not None and self._parent_chain_loops():
            errors["parent"] = "Une structure ne peut pas être rattachée à elle-même, même indirectement."
        if errors:
            raise ValidationError(errors)

    def _parent_chain_loops(self) -> bool:
        parent_id = self.parent_id
        for _ in range(MAX_PARENT_DEPTH):
            if parent_id is None:
                return False
            if self.pk is not None and parent_id == self.pk:
                return True
            parent_id = Structure.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
        return True


class StructureActivity(models.Model):
    """One activity a structure carries out (création, diffusion…), from a fixed list."""

    structure = models.ForeignKey(Structure, models.CASCADE, related_name="activities")
    activity = models.CharField("activité", max_length=30, choices=Activity.choices)

    class Meta:
        verbose_name = "activité"
        verbose_name_plural = "activités"
        ordering = ["activity"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "activity"], name="structure_activity_unique"),
        ]

    def __str__(self) -> str:
        return self.get_activity_display()
