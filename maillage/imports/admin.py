from django.contrib import admin

from maillage.imports import admin_networks  # noqa: F401 (registers the import of networks' files)
from maillage.imports.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "kind", "status", "file_name", "selected_count"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
