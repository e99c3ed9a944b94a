"""The events in Django's admin: withdrawn, never deleted; registrants visible to staff only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maillage.events.models import Event, EventOrganiser, EventSeries, Registration, Session, SessionSpeaker


class OrganiserInline(admin.TabularInline[EventOrganiser, Event]):
    model = EventOrganiser
    raw_id_fields = ["structure"]
    extra = 0


class SessionInline(admin.StackedInline[Session, Event]):
    model = Session
    raw_id_fields = ["speakers"]
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ["title", "kind", "start_date", "end_date", "commune", "status", "withdrawn_at"]
    list_filter = ["status", "kind", "source"]
    list_select_related = ["commune"]
    search_fields = ["title"]
    raw_id_fields = ["commune", "series"]
    readonly_fields = ["seats_taken", "version", "created_at", "updated_at"]
    date_hierarchy = "start_date"
    inlines = [OrganiserInline, SessionInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # withdraw instead: registrations and feeds refer to it


@admin.register(EventSeries)
class EventSeriesAdmin(admin.ModelAdmin[EventSeries]):
    list_display = ["title", "kind"]
    search_fields = ["title"]


@admin.register(SessionSpeaker)
class SessionSpeakerAdmin(admin.ModelAdmin[SessionSpeaker]):
    list_display = ["name", "session", "consent_given_at", "consent_withdrawn_at"]
    raw_id_fields = ["session", "structure"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin[Registration]):
    list_display = ["event", "session", "status", "created_at", "erased_at"]
    list_filter = ["status"]
    list_select_related = ["event", "session"]
    raw_id_fields = ["event", "session", "user"]
    readonly_fields = [
        "token",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "reminded_at",
        "erased_at",
        "status",
    ]
