"""Portals and widget counters in Django's admin: portals are withdrawn, never deleted."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maillage.portals.models import Portal, WidgetVisit


@admin.register(Portal)
class PortalAdmin(admin.ModelAdmin[Portal]):
    list_display = ["name", "slug", "network", "territory", "custom_host", "withdrawn_at"]
    list_select_related = ["network", "territory"]
    search_fields = ["name", "slug", "custom_host"]
    raw_id_fields = ["network", "territory", "highlighted", "excluded", "owners"]
    filter_horizontal = ["disciplines"]
    readonly_fields = ["version", "embed_token", "created_at", "updated_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # withdraw instead: partners' pages link to it


@admin.register(WidgetVisit)
class WidgetVisitAdmin(admin.ModelAdmin[WidgetVisit]):
    list_display = ["day", "widget", "portal", "count"]
    list_filter = ["widget"]
    list_select_related = ["portal"]
    date_hierarchy = "day"
    readonly_fields = ["widget", "portal", "day", "count"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # counted by the widgets' links only
