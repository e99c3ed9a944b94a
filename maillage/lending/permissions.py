"""Who may see and manage items, reports and disputes, registered with `can`."""

from __future__ import annotations

from typing import Any

from maillage.lending.models import ConditionReport, Dispute, Item
from maillage.memberships.rules import can


def item_rule(user: Any, action: str, item: Item) -> bool:
    """An item follows its resource: on view for all, managed by the owner's managers."""
    return can(user, action, item.resource)


def report_rule(user: Any, action: str, report: ConditionReport) -> bool:
    """A report is seen by both sides of its loan (and of the next one, for a chained hand-over)."""
    if action != "view":
        return False
    return can(user, "view", report.booking) or (
        report.next_booking is not None and can(user, "view", report.next_booking)
    )


def dispute_rule(user: Any, action: str, dispute: Dispute) -> bool:
    """A dispute is seen by both sides of the loan; the owner's managers settle it."""
    if action == "view":
        return can(user, "view", dispute.booking)
    return action == "settle" and can(user, "decide", dispute.booking)
