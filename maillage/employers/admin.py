from django.contrib import admin

from maillage.employers.models import MonthlyCost, PlannedShare, SharedPosition, WorkedTime


class PlannedShareInline(admin.TabularInline):
    model = PlannedShare
    extra = 0
    raw_id_fields = ["member"]


@admin.register(SharedPosition)
class SharedPositionAdmin(admin.ModelAdmin):
    list_display = ["job_title", "group", "contract_type", "weekly_hours"]
    list_select_related = ["group"]
    search_fields = ["job_title", "group__name"]
    raw_id_fields = ["group"]
    readonly_fields = ["version"]
    inlines = [PlannedShareInline]


@admin.register(WorkedTime)
class WorkedTimeAdmin(admin.ModelAdmin):
    list_display = ["position", "member", "month", "hours"]
    list_select_related = ["position", "member"]
    raw_id_fields = ["position", "member"]
    readonly_fields = ["version"]


@admin.register(MonthlyCost)
class MonthlyCostAdmin(admin.ModelAdmin):
    list_display = ["position", "month", "employer_cost_cents"]
    list_select_related = ["position"]
    raw_id_fields = ["position"]
    readonly_fields = ["version"]
