"""Fiches and the charter in Django's admin: withdrawn, never deleted."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maillage.initiatives.models import (
    Charter,
    CharterSignature,
    CharterVersion,
    Essaimage,
    Initiative,
    InitiativeFigure,
    InitiativeStructure,
)


class StructureInline(admin.TabularInline[InitiativeStructure, Initiative]):
    model = InitiativeStructure
    raw_id_fields = ["structure"]
    extra = 0


class FigureInline(admin.TabularInline[InitiativeFigure, Initiative]):
    model = InitiativeFigure
    readonly_fields = ["version"]
    extra = 0


class EssaimageInline(admin.TabularInline[Essaimage, Initiative]):
    model = Essaimage
    fk_name = "initiative"
    raw_id_fields = ["adopter_initiative", "adopter_structure"]
    extra = 0


class NoDelete:
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # withdraw instead: signatures and outside links refer to it


@admin.register(Initiative)
class InitiativeAdmin(NoDelete, admin.ModelAdmin[Initiative]):
    list_display = ["title", "state", "family", "territory", "confirmed_at", "withdrawn_at"]
    list_filter = ["state", "family", "source", "drawn_from_public_page"]
    list_select_related = ["territory"]
    search_fields = ["title", "summary"]
    raw_id_fields = ["territory", "disciplines"]
    readonly_fields = ["version", "submitted_at", "published_at", "confirmed_at", "created_at", "updated_at"]
    inlines = [StructureInline, FigureInline, EssaimageInline]


class VersionInline(admin.StackedInline[CharterVersion, Charter]):
    model = CharterVersion
    extra = 0


@admin.register(Charter)
class CharterAdmin(NoDelete, admin.ModelAdmin[Charter]):
    list_display = ["title", "slug"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [VersionInline]


@admin.register(CharterSignature)
class CharterSignatureAdmin(NoDelete, admin.ModelAdmin[CharterSignature]):
    list_display = ["structure", "charter_version", "signed_at", "withdrawn_at"]
    list_select_related = ["structure", "charter_version__charter"]
    raw_id_fields = ["structure", "signed_by"]
    readonly_fields = ["signed_at"]
