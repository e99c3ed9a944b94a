"""The library in Django's admin: withdrawn, never deleted."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maillage.resources.models import Collection, CollectionItem, Resource


class ItemInline(admin.TabularInline[CollectionItem, Collection]):
    model = CollectionItem
    raw_id_fields = ["resource"]
    extra = 0


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin[Resource]):
    list_display = ["title", "kind", "publisher", "published_on", "url_broken_since", "withdrawn_at"]
    list_filter = ["kind", "source"]
    list_select_related = ["publisher"]
    search_fields = ["title", "publisher_name", "creator_names"]
    raw_id_fields = ["publisher", "creators", "structures", "territories"]
    readonly_fields = ["version", "url_broken_since", "created_at", "updated_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # withdraw instead: collections and outside links refer to it


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin[Collection]):
    list_display = ["title", "parent", "editor", "withdrawn_at"]
    list_select_related = ["parent", "editor"]
    search_fields = ["title"]
    raw_id_fields = ["parent", "editor"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [ItemInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
