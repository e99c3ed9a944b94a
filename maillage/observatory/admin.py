"""The snapshots in the admin, read-only: they are written by compute_indicators and the imports."""

from django.contrib import admin
from django.http import HttpRequest

from maillage.observatory.models import Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = [
        "taken_at",
        "label",
        "trigger",
        "mode",
        "shares_values_of",
        "territories_computed",
        "values_count",
        "duration_s",
    ]
    list_filter = ["mode"]
    readonly_fields = [f.name for f in Snapshot._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
