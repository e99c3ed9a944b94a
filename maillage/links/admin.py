from django.contrib import admin

from maillage.links.models import CheckedLink


@admin.register(CheckedLink)
class CheckedLinkAdmin(admin.ModelAdmin[CheckedLink]):
    list_display = ("url", "status", "last_checked_at", "last_ok_at", "failures", "next_check_at")
    list_filter = ("status",)
    search_fields = ("url", "host")
    readonly_fields = (
        "url",
        "host",
        "status",
        "last_checked_at",
        "last_ok_at",
        "failures",
        "next_check_at",
        "last_error",
        "broken_since",
        "created_at",
    )
