"""Admin of the directory: structures with their key figures and relations, and the vocabularies."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from maillage.concurrency.forms import VersionField
from maillage.structures.enums import Activity
from maillage.structures.models import Discipline, KeyFigure, Label, Relation, SourceChange, Structure
from maillage.structures.services import (
    structure_refresh_search_text,
    structure_save,
    structure_set_activities,
)
from maillage.structures.validators import compact_identifier
from maillage.structures.withdrawal import structure_erase, structure_republish, structure_withdraw

ERASE_COMMENT = "Effacée depuis l'administration, par décision explicite."


class StructureAdminForm(forms.ModelForm):
    # Wider than the stored 14 and 9 digits: people paste identifiers with spaces ("732 829 320 00074").
    siret = forms.CharField(label="SIRET", max_length=20, required=False)
    siren = forms.CharField(label="SIREN", max_length=12, required=False, help_text="Déduit du SIRET.")
    activities = forms.MultipleChoiceField(
        label="Activités", choices=Activity.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    # The record's version when the page was opened: saving over a newer one is refused (ADR 6).
    expected_version = VersionField(label="version", required=False)

    class Meta:
        model = Structure
        fields = [
            *("name", "acronym", "other_names", "kind", "description", "disciplines", "labels"),
            *("siret", "siren", "parent", "legal_category_code", "legal_category_label", "ess_family"),
            *("is_ess", "naf_code", "naf_label", "street", "postal_code", "commune", "latitude", "longitude"),
            *("territories_served", "website", "email", "phone", "founded_on", "founded_on_precision"),
            *("is_active", "closed_on", "source", "source_id", "source_label", "source_url", "source_date"),
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["activities"] = list(self.instance.activities.values_list("activity", flat=True))
            self.initial["expected_version"] = self.instance.version

    def clean_expected_version(self) -> int | None:
        version = self.cleaned_data["expected_version"]
        if self.instance.pk and version is not None and version != self.instance.version:
            raise forms.ValidationError(
                "Quelqu'un a modifié cette fiche depuis que vous l'avez ouverte : rien n'a été "
                "enregistré. Rouvrez-la pour voir ses valeurs actuelles (et son historique), puis "
                "refaites vos changements."
            )
        return version

    def clean_siret(self) -> str:
        return compact_identifier(self.cleaned_data["siret"])

    def clean_siren(self) -> str:
        return compact_identifier(self.cleaned_data["siren"])


class KeyFigureInline(admin.TabularInline):
    model = KeyFigure
    extra = 0
    fields = ["year", "metric", "qualifier", "value", "is_approximate", "note", "source_label", "source_date"]


class RelationInline(admin.TabularInline):
    model = Relation
    fk_name = "source"
    extra = 0
    verbose_name = "relation sortante"
    verbose_name_plural = "relations sortantes"
    fields = [
        "kind",
        "target",
        "joint_act",
        "start_date",
        "end_date",
        "date_precision",
        "state",
        "source_label",
    ]
    autocomplete_fields = ["target"]


class IncomingRelationInline(admin.TabularInline):
    """Relations other structures hold towards this one: read here, edited on their source."""

    model = Relation
    fk_name = "target"
    extra = 0
    can_delete = False
    verbose_name = "relation entrante"
    verbose_name_plural = "relations entrantes"
    fields = readonly_fields = ("source", "kind", "start_date", "date_precision", "source_label")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    form = StructureAdminForm
    list_display = ["name", "acronym", "kind", "ess_family", "commune", "is_active", "source"]
    list_filter = ["kind", "ess_family", "is_active", "source", "withdrawn_reason", "disciplines"]
    search_fields = ["name", "acronym", "siret", "siren", "search_text"]
    readonly_fields = [
        "slug",
        "created_at",
        "updated_at",
        "withdrawn_at",
        "withdrawn_reason",
        "field_sources",
    ]
    actions = ["withdraw", "republish"]
    autocomplete_fields = ["parent", "commune", "territories_served"]
    filter_horizontal = ["disciplines", "labels"]
    inlines = [KeyFigureInline, RelationInline, IncomingRelationInline]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "other_names", "slug", "kind", "description", "activities"]}),
        ("Disciplines, labels et licences", {"fields": ["disciplines", "labels"]}),
        (
            "Identité juridique",
            {
                "fields": [
                    "siret",
                    "siren",
                    "parent",
                    "legal_category_code",
                    "legal_category_label",
                    "ess_family",
                    "is_ess",
                    "naf_code",
                    "naf_label",
                ]
            },
        ),
        (
            "Lieu et contact",
            {
                "fields": [
                    "street",
                    "postal_code",
                    "commune",
                    "latitude",
                    "longitude",
                    "territories_served",
                    "website",
                    "email",
                    "phone",
                ]
            },
        ),
        ("Activité", {"fields": ["founded_on", "founded_on_precision", "is_active", "closed_on"]}),
        (
            "Provenance",
            {
                "fields": [
                    "source",
                    "source_id",
                    "source_label",
                    "source_url",
                    "source_date",
                    "field_sources",
                    "withdrawn_at",
                    "withdrawn_reason",
                    "created_at",
                    "updated_at",
                    "expected_version",
                ]
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Structure]:
        return super().get_queryset(request).select_related("commune")

    def save_model(self, request: HttpRequest, obj: Structure, form: forms.ModelForm, change: bool) -> None:
        # The service derives SIREN, family, code labels and slug, as for every other write.
        structure_save(
            structure=obj,
            given=form.changed_data,
            expected_version=obj.version,
            actor=request.user,
            via="admin",
        )

    def save_related(self, request: HttpRequest, form: forms.ModelForm, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        structure_set_activities(structure=form.instance, activities=form.cleaned_data["activities"])
        structure_refresh_search_text(structure=form.instance)

    @admin.action(description="Retirer de la publication (tout est gardé)")
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Structure]) -> None:
        for structure in queryset:
            structure_withdraw(structure=structure, actor=request.user, via="admin")
        messages.success(request, "Fiches retirées de la publication ; leurs membres et données sont gardés.")

    @admin.action(description="Publier à nouveau")
    def republish(self, request: HttpRequest, queryset: QuerySet[Structure]) -> None:
        for structure in queryset:
            structure_republish(structure=structure, actor=request.user, via="admin")
        messages.success(request, "Fiches publiées à nouveau.")

    # Deleting is an erasure: staff only, and the history keeps a line saying so.
    def delete_model(self, request: HttpRequest, obj: Structure) -> None:
        structure_erase(structure=obj, actor=request.user, comment=ERASE_COMMENT)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Structure]) -> None:
        for structure in queryset:
            structure_erase(structure=structure, actor=request.user, comment=ERASE_COMMENT)


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym"]


@admin.register(SourceChange)
class SourceChangeAdmin(admin.ModelAdmin):
    """What sources said of fields people set; decided by the records' people on the site, read here."""

    list_display = ["structure", "field", "source_label", "run", "state", "updated_at", "decided_by"]
    list_filter = ["state", "source"]
    list_select_related = ["structure", "decided_by"]
    search_fields = ["structure__name", "structure__siret"]
    readonly_fields = [f.name for f in SourceChange._meta.concrete_fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
