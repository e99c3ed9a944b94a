from django.contrib import admin

from maillage.surveys.models import Campaign, Response


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "territory", "network", "opens_on", "closes_on", "status_label", "created_by"]
    list_filter = ["opens_on"]
    search_fields = ["title"]
    raw_id_fields = ["territory", "network", "created_by"]
    readonly_fields = ["created_at", "invited_at"]
    date_hierarchy = "opens_on"

    @admin.display(description="état")
    def status_label(self, campaign: Campaign) -> str:
        return campaign.status_label


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["structure", "campaign", "answered_by", "updated_at"]
    list_select_related = ["structure", "campaign", "answered_by"]
    search_fields = ["structure__name", "campaign__title"]
    raw_id_fields = ["campaign", "structure", "answered_by"]
    readonly_fields = ["created_at", "updated_at"]
