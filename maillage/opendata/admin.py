"""Staff view of the published files: read only, since a file is a record of what was published."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maillage.opendata.models import PublishedFile


@admin.register(PublishedFile)
class PublishedFileAdmin(admin.ModelAdmin):
    list_display = ["dataset", "day", "validation", "is_current", "rows", "size", "duration_s", "created_at"]
    list_filter = ["validation", "is_current", "dataset"]
    search_fields = ["dataset", "sha256"]
    date_hierarchy = "day"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
