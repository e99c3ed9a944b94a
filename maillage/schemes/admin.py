"""Staff administration of the catalogue (imports have their own page under /dispositifs/import/)."""

from django.contrib import admin

from maillage.schemes.models import Scheme, SchemePorteur, SchemeReview


class PorteurInline(admin.TabularInline):
    model = SchemePorteur
    extra = 0
    autocomplete_fields = ["structure"]


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "source", "source_date", "closes_at", "retired_from_source_at"]
    list_filter = ["status", "variant", "source"]
    search_fields = ["title", "uid"]
    readonly_fields = ["version", "field_sources", "missing_runs", "retired_from_source_at", "area_communes"]
    inlines = [PorteurInline]


@admin.register(SchemeReview)
class SchemeReviewAdmin(admin.ModelAdmin):
    list_display = ["scheme", "source", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["changes"]
