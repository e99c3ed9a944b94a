"""The history in the administration: read only, since a history that can be edited proves nothing."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maillage.history.models import ConfirmationReminder, MergedStructure, Revision


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "object_repr", "record_type", "action", "author_role", "via"]
    list_filter = ["action", "record_type", "via"]
    list_select_related = ["structure"]
    search_fields = ["object_repr", "structure__name"]
    date_hierarchy = "created_at"
    raw_id_fields = ["structure", "author", "reverts"]


@admin.register(MergedStructure)
class MergedStructureAdmin(ReadOnlyAdmin):
    list_display = ["old_slug", "old_name", "into", "merged_at"]
    list_select_related = ["into"]
    search_fields = ["old_slug", "old_name", "old_siret"]


@admin.register(ConfirmationReminder)
class ConfirmationReminderAdmin(ReadOnlyAdmin):
    list_display = ["structure", "sent_at"]
    list_select_related = ["structure"]
