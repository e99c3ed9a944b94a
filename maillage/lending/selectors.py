"""Reads of lending: the catalogue, what is free over some dates, an item's history."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from maillage.bookings.models import Booking, Resource
from maillage.bookings.selectors import free_resources
from maillage.lending.models import ConditionReport, Item


def items_on_offer() -> QuerySet[Item]:
    return Item.objects.filter(resource__withdrawn_at__isnull=True).select_related(
        "resource", "resource__owner"
    )


def items_free(*, start: datetime.datetime, end: datetime.datetime, category: str = "") -> QuerySet[Item]:
    """Return the items on offer that no loan holds over the period, optionally of one category."""
    resources = free_resources(Resource.objects.filter(item__isnull=False), start, end)
    items = items_on_offer().filter(resource__in=resources)
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
