from django.contrib import admin

from maillage.lending.models import ConditionReport, Dispute, Item


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "category", "deposit", "audience"]
    list_select_related = ["resource"]
    list_filter = ["category"]
    search_fields = ["resource__name"]
    raw_id_fields = ["resource"]
    readonly_fields = ["version"]


@admin.register(ConditionReport)
class ConditionReportAdmin(admin.ModelAdmin):
    list_display = ["booking", "kind", "complete", "working", "created_at"]
    list_select_related = ["booking__resource", "booking__requester"]
    raw_id_fields = ["booking", "next_booking", "written_by", "countersigned_by"]
    readonly_fields = ["created_at"]


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin):
    list_display = ["booking", "state", "created_at"]
    list_select_related = ["booking__resource", "booking__requester"]
    list_filter = ["state"]
    raw_id_fields = ["booking", "before", "after", "opened_by"]
    readonly_fields = ["version", "created_at"]
