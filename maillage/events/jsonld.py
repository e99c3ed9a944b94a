"""schema.org `Event` description of an event, for search engines and agenda aggregators."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from maillage.events.enums import AttendanceMode, EventStatus
from maillage.events.models import Event
from maillage.events.selectors import organisers_of

MODES = {
    AttendanceMode.OFFLINE: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.MIXED: "https://schema.org/MixedEventAttendanceMode",
}


def _moment(value: datetime.datetime | datetime.date) -> str:
    return value.isoformat()


def event_jsonld(event: Event, *, base_url: str) -> dict[str, Any]:
    """Return the JSON-LD document of one event."""
    url = f"{base_url}{event.get_absolute_url()}"
    end = event.ends_at()
    if not isinstance(end, datetime.datetime):
        end = event.end_date  # schema.org's endDate is the last day, not the day after
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "name": event.title,
        "url": url,
        "startDate": _moment(event.starts_at()),
        "endDate": _moment(end),
        "eventAttendanceMode": MODES[AttendanceMode(event.attendance_mode)],
        "eventStatus": "https://schema.org/EventCancelled"
        if event.status == EventStatus.CANCELLED
        else "https://schema.org/EventScheduled",
        "organizer": [
            {
                "@type": "Organization",
                "name": s.name,
                "url": base_url + reverse("structures:detail", kwargs={"slug": s.slug}),
            }
            for s in organisers_of(event)
        ],
    }
    if event.description:
        data["description"] = event.description
    locations: list[dict[str, Any]] = []
    if event.attendance_mode != AttendanceMode.ONLINE:
        address = {"@type": "PostalAddress", "addressCountry": "FR"}
        if event.street:
            address["streetAddress"] = event.street
        if event.commune_id and event.commune:
            address["addressLocality"] = event.commune.name
        locations.append(
            {"@type": "Place", "name": event.venue or address.get("addressLocality", ""), "address": address}
        )
    if event.attendance_mode != AttendanceMode.OFFLINE and event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.audience:
        data["audience"] = {"@type": "Audience", "audienceType": event.audience}
    if event.price:
        data["offers"] = {"@type": "Offer", "description": event.price, "url": url}
    if event.accessibility:
        data["accessibilitySummary"] = event.accessibility
    if event.series_id and event.series:
        data["superEvent"] = {
            "@type": "EventSeries",
            "name": event.series.title,
            "url": f"{base_url}{event.series.get_absolute_url()}",
        }
    return data
