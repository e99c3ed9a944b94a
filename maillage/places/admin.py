from django.contrib import admin

from maillage.places.models import ClosingDay, Place, Space


class ClosingDayInline(admin.TabularInline):
    model = ClosingDay
    extra = 0


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "opens_at", "closes_at", "closed_weekdays", "withdrawn_at"]
    list_select_related = ["owner"]
    search_fields = ["name", "owner__name"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["owner"]
    readonly_fields = ["version", "created_at"]
    inlines = [ClosingDayInline]


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "place", "kind", "capacity", "audience"]
    list_select_related = ["resource", "place"]
    list_filter = ["kind", "audience"]
    search_fields = ["resource__name", "place__name"]
    raw_id_fields = ["place", "resource"]
    readonly_fields = ["version"]
