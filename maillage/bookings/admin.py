from django.contrib import admin

from maillage.bookings.models import Booking, BookingEvent, Resource


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "unit", "buffer", "approval_required", "withdrawn_at"]
    list_select_related = ["owner"]
    search_fields = ["name", "owner__name"]
    raw_id_fields = ["owner"]
    readonly_fields = ["feed_token", "version", "created_at"]


class BookingEventInline(admin.TabularInline):
    model = BookingEvent
    extra = 0
    raw_id_fields = ["actor"]
    readonly_fields = ["state", "actor", "at", "note"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read-only: a booking moves through the services, which the database's constraint backs."""

    list_display = ["resource", "requester", "start", "end", "state"]
    list_select_related = ["resource", "requester"]
    list_filter = ["state"]
    search_fields = ["resource__name", "requester__name"]
    raw_id_fields = ["resource", "requester", "requested_by", "cancelled_by", "chained_from"]
    inlines = [BookingEventInline]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
