from django.contrib import admin

from maillage.memberships.models import NetworkCoordinator, StructureMembership, TerritoryCoordinator


@admin.register(StructureMembership)
class StructureMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "structure", "role", "created_at"]
    list_filter = ["role"]
    autocomplete_fields = ["structure"]
    raw_id_fields = ["user"]


@admin.register(NetworkCoordinator)
class NetworkCoordinatorAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "created_at"]
    autocomplete_fields = ["network"]
    raw_id_fields = ["user"]


@admin.register(TerritoryCoordinator)
class TerritoryCoordinatorAdmin(admin.ModelAdmin):
    list_display = ["user", "territory", "organisation", "created_at"]
    raw_id_fields = ["user", "territory", "organisation"]
