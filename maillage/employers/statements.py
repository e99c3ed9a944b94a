"""Members' statements at exact cost: the group re-invoices what a position cost, split by use, no margin.

Article 261 B of the CGI exempts the group from VAT on condition that it charges its members the exact
cost: every statement's cents add up to the month's employer cost, the odd cents going by the largest
remainder (Hamilton's method), and no line of fee or margin exists. The monthly statements follow the
planned split; the year-end true-up re-splits each month by the hours actually worked.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from maillage.employers.models import MonthlyCost, PlannedShare, SharedPosition, WorkedTime
from maillage.structures.models import Structure


def split_cents[K: Hashable](total: int, weights: Mapping[K, Decimal]) -> dict[K, int]:
    """Split `total` cents in proportion to the weights; the parts add up to `total` exactly."""
    weight_sum = sum(weights.values(), Decimal(0))
    if total == 0 or weight_sum <= 0:
        return dict.fromkeys(weights, 0)
    exact = {key: Decimal(total) * weight / weight_sum for key, weight in weights.items()}
    parts = {key: int(value) for key, value in exact.items()}  # floors: weights are never negative
    left = total - sum(parts.values())
    # Ties go in the order the weights were given, so that a statement is the same at every run.
    order = sorted(exact, key=lambda key: exact[key] - parts[key], reverse=True)
    for key in order[:left]:
        parts[key] += 1
    return parts


@dataclass(frozen=True)
class Line:
    position: SharedPosition
    member_id: int
    percent: Decimal
    amount_cents: int


def month_lines(group: Structure, month: datetime.date) -> list[Line]:
    """Return every member's lines for the month: each position's cost split by its planned shares."""
    costs = MonthlyCost.objects.filter(position__group=group, month=month).select_related("position")
    shares: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for share in PlannedShare.objects.filter(position__group=group, month=month).order_by("member_id"):
        shares[share.position_id][share.member_id] = share.percent
    lines = []
    for cost in costs.order_by("position__job_title", "position_id"):
        split = split_cents(cost.employer_cost_cents, shares[cost.position_id])
        lines += [
            Line(cost.position, member_id, shares[cost.position_id][member_id], amount)
            for member_id, amount in split.items()
        ]
    return lines


def member_statement(group: Structure, member: Structure, month: datetime.date) -> list[Line]:
    """Return one member's lines only (the split is computed whole, so that the cents add up)."""
    return [line for line in month_lines(group, month) if line.member_id == member.pk]


@dataclass(frozen=True)
class TrueUp:
    billed_cents: int
    actual_cents: int

    @property
    def balance_cents(self) -> int:
        """Positive: the member owes the group; negative: the group pays the member back."""
        return self.actual_cents - self.billed_cents


def year_true_up(group: Structure, year: int) -> dict[int, TrueUp]:
    """Compare, per member, what the plan billed over the year with the cost of the hours worked."""
    billed: dict[int, int] = defaultdict(int)
    actual: dict[int, int] = defaultdict(int)
    costs = MonthlyCost.objects.filter(position__group=group, month__year=year)
    planned: dict[tuple[int, datetime.date], dict[int, Decimal]] = defaultdict(dict)
    for share in PlannedShare.objects.filter(position__group=group, month__year=year).order_by("member_id"):
        planned[share.position_id, share.month][share.member_id] = share.percent
    worked: dict[tuple[int, datetime.date], dict[int, Decimal]] = defaultdict(dict)
    for time in WorkedTime.objects.filter(position__group=group, month__year=year).order_by("member_id"):
        worked[time.position_id, time.month][time.member_id] = time.hours
    for cost in costs:
        key = (cost.position_id, cost.month)
        for member_id, amount in split_cents(cost.employer_cost_cents, planned[key]).items():
            billed[member_id] += amount
        # A month without hours entered is taken as planned.
        for member_id, amount in split_cents(cost.employer_cost_cents, worked[key] or planned[key]).items():
            actual[member_id] += amount
    return {m: TrueUp(billed[m], actual[m]) for m in sorted(set(billed) | set(actual))}
