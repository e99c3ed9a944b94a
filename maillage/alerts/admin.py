from django.contrib import admin

from maillage.alerts.models import Alert, SentItem


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin[Alert]):
    list_display = ("email", "description", "frequency", "confirmed_at", "unsubscribed_at", "last_sent_at")
    list_filter = ("kind", "frequency")
    search_fields = ("email", "description")
    readonly_fields = ("token", "params", "created_at", "last_sent_at", "version")
    raw_id_fields = ("user",)


@admin.register(SentItem)
class SentItemAdmin(admin.ModelAdmin[SentItem]):
    list_display = ("email", "kind", "key", "sent_at")
    list_filter = ("kind",)
    search_fields = ("email",)
