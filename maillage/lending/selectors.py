"""Reads of lending: the catalogue, what is free over some dates, an item's history."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from maillage.bookings.models import Booking
from maillage.bookings.selectors import held_resource_ids
from maillage.lending.models import ConditionReport, Item


def items_on_offer() -> QuerySet[Item]:
    """Return the items on offer, the latest listed first (an order the primary key's index gives)."""
    return (
        Item.objects.filter(resource__withdrawn_at__isnull=True)
        .select_related("resource", "resource__owner")
        .order_by("-pk")
    )


def items_free(*, start: datetime.datetime, end: datetime.datetime, category: str = "") -> QuerySet[Item]:
    """Return the items on offer that no loan holds over the period, optionally of one category."""
    items = items_on_offer().exclude(resource_id__in=held_resource_ids(start, end))
    return items.filter(category=category) if category else items


def item_loans(item: Item) -> QuerySet[Booking]:
    return item.resource.bookings.select_related("requester").order_by("-start", "-pk")


def item_reports(item: Item) -> QuerySet[ConditionReport]:
    """Return every condition report of the item's loans, oldest first."""
    return (
        ConditionReport.objects.filter(Q(booking__resource=item.resource_id))
        .select_related("booking__requester", "next_booking__requester", "written_by", "countersigned_by")
        .order_by("created_at", "pk")
    )
