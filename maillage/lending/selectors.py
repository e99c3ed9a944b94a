"""Reads of lending: the catalogue, what is free over some dates, an item's history."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from maillage.bookings.models import Booking
from maillage.bookings.selectors import held_resource_ids, withdrawn_resource_ids
from maillage.lending.models import ConditionReport, Item

# What a catalogue card and the API show: every column of the item, the resource's name, the owner's name and
# address; not the owner's whole directory record (description, search document…) for each of 30 rows.
CARD_COLUMNS = (
    *(field.name for field in Item._meta.concrete_fields),
    "resource__name",
    "resource__unit",
    "resource__buffer",
    "resource__withdrawn_at",
    "resource__owner__name",
    "resource__owner__slug",
)


def items_on_offer() -> QuerySet[Item]:
    """Return the items on offer, the latest listed first (an order the primary key's index gives).

    Withdrawn resources are left out by a set of their ids, not by a filter on the joined resource: the
    paginator's count then reads the items alone, where a join costs one index probe per item (20,000 of
    them in the benchmark, most of the PostgreSQL search time).
    """
    return (
        Item.objects.exclude(resource_id__in=withdrawn_resource_ids())
        .select_related("resource", "resource__owner")
        .only(*CARD_COLUMNS)
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
