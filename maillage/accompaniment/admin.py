from typing import Any

from django.contrib import admin
from django.db import transaction

from maillage.accompaniment.enums import StaffRole
from maillage.accompaniment.models import AccessLog, Body, BodyStaff, Case, Consent, Share
from maillage.accompaniment.services import ROLE_KINDS
from maillage.memberships.enums import RoleChange
from maillage.memberships.services import role_event_record


def _log(staff: BodyStaff, change: str, actor: Any) -> None:
    role = ROLE_KINDS[StaffRole(staff.role)]
    role_event_record(
        person=staff.user, role=role, change=change, structure=staff.body.structure, actor=actor
    )


class StaffInline(admin.TabularInline):
    model = BodyStaff
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["structure", "kind", "checkpoint_months"]
    list_filter = ["kind"]
    raw_id_fields = ["structure"]
    inlines = [StaffInline]
    readonly_fields = ["version"]

    @transaction.atomic
    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        """Log the staff roles the administration grants or removes, as every other path does (ADR 8)."""
        staff = formset.save(commit=False)
        for removed in formset.deleted_objects:
            _log(removed, RoleChange.REVOKED, request.user)
            removed.delete()
        for member in staff:
            created = member.pk is None
            member.save()
            if created:
                _log(member, RoleChange.GRANTED, request.user)
        formset.save_m2m()


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Cases are confidential: the administration lists them without their contents."""

    list_display = ["title", "body", "phase", "opened_on", "last_activity_at"]
    list_filter = ["phase", "body"]
    list_select_related = ["body__structure"]
    fields = ["title", "body", "phase", "close_reason", "opened_on", "closed_on", "version"]
    readonly_fields = ["title", "body", "phase", "close_reason", "opened_on", "closed_on", "version"]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["structure", "body", "given_at", "withdrawn_at"]
    list_select_related = ["structure", "body__structure"]
    raw_id_fields = ["structure", "given_by"]


@admin.register(Share)
class ShareAdmin(admin.ModelAdmin):
    list_display = ["case", "grantee", "scope", "granted_at", "revoked_at"]
    list_select_related = ["case", "grantee__structure"]
    readonly_fields = ["case", "grantee", "scope", "granted_by", "granted_at", "revoked_by", "revoked_at"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "as_role", "at"]
    list_select_related = ["case"]
    readonly_fields = ["case", "user", "as_role", "kind", "at"]
