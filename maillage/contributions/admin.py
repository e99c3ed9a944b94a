from django.contrib import admin

from maillage.contributions.models import ChangeRequest, Invitation


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "structure", "status", "author", "created_at", "decided_by", "decided_at"]
    list_filter = ["status", "kind"]
    date_hierarchy = "created_at"
    raw_id_fields = ["structure", "commune", "author", "decided_by"]
    # Decisions go through the moderation pages, which check permissions and tell the author.
    readonly_fields = ["kind", "proposed", "applied", "created_at", "decided_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "structure", "role", "invited_by", "created_at", "expires_at", "accepted_at"]
    raw_id_fields = ["structure", "invited_by"]
    search_fields = ["email", "structure__name"]
    readonly_fields = ["token_hash", "created_at"]
