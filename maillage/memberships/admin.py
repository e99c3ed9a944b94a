from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from maillage.memberships.enums import RoleChange, RoleKind
from maillage.memberships.models import (
    NetworkCoordinator,
    RoleEvent,
    StructureMembership,
    TerritoryCoordinator,
)
from maillage.memberships.services import role_event_record

Role = StructureMembership | NetworkCoordinator | TerritoryCoordinator


def _log(role: Role, change: str, actor: Any, site_url: str = "") -> None:
    """Write the role log line of a role granted or removed in the administration."""
    if isinstance(role, StructureMembership):
        what: dict[str, Any] = {"role": role.role, "structure": role.structure}
    elif isinstance(role, NetworkCoordinator):
        what = {"role": RoleKind.NETWORK_COORDINATOR, "structure": role.network}
    else:
        what = {"role": RoleKind.TERRITORY_COORDINATOR, "territory": role.territory}
    role_event_record(
        person=role.user, change=change, actor=actor, reason="administration", site_url=site_url, **what
    )


class RoleAdmin(admin.ModelAdmin):
    """Every grant and removal made here goes to the role log, like those made on the site.

    People are chosen by their e-mail address (autocomplete on the accounts' search), never by a raw id.
    """

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = type(obj).objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        if before is not None and _same(before, obj):
            return
        if before is not None:
            _log(before, RoleChange.REVOKED, request.user)
        _log(obj, RoleChange.GRANTED, request.user, request.build_absolute_uri("/").rstrip("/"))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        _log(obj, RoleChange.REVOKED, request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            _log(obj, RoleChange.REVOKED, request.user)
        super().delete_queryset(request, queryset)


def _same(before: models.Model, after: models.Model) -> bool:
    names = ("user_id", "role", "structure_id", "network_id", "territory_id")
    return all(getattr(before, n, None) == getattr(after, n, None) for n in names)


@admin.register(StructureMembership)
class StructureMembershipAdmin(RoleAdmin):
    list_display = ["user", "structure", "role", "created_at"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "structure"]
    search_fields = ["user__email", "structure__name"]


@admin.register(NetworkCoordinator)
class NetworkCoordinatorAdmin(RoleAdmin):
    list_display = ["user", "network", "created_at"]
    autocomplete_fields = ["user", "network"]
    search_fields = ["user__email", "network__name"]


@admin.register(TerritoryCoordinator)
class TerritoryCoordinatorAdmin(RoleAdmin):
    list_display = ["user", "territory", "organisation", "created_at"]
    autocomplete_fields = ["user", "territory", "organisation"]
    search_fields = ["user__email", "territory__name"]


@admin.register(RoleEvent)
class RoleEventAdmin(admin.ModelAdmin):
    """The role log is read here, never written by hand."""

    list_display = ["created_at", "person", "role", "change", "structure", "territory", "actor"]
    list_filter = ["role", "change"]
    raw_id_fields = ["person", "actor", "structure", "territory"]
    search_fields = ["person__email", "structure__name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
