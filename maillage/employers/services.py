"""Writes of employer groups: positions, planned shares, time worked, monthly costs, erasure of a name."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from maillage.concurrency.versions import versioned_update
from maillage.employers.models import MonthlyCost, PlannedShare, SharedPosition, WorkedTime
from maillage.memberships.rules import can
from maillage.structures.models import Structure


def _first_of(month: datetime.date) -> datetime.date:
    return month.replace(day=1)


def _require_manager(actor: Any, position: SharedPosition) -> None:
    if not can(actor, "manage", position):
        raise PermissionDenied("Seuls les gestionnaires du groupement tiennent ses postes partagés.")


@transaction.atomic
def position_create(
    *,
    group: Structure,
    actor: Any,
    job_title: str,
    contract_type: str,
    weekly_hours: Decimal,
    employee_name: str = "",
) -> SharedPosition:
    """Record a position the group employs and shares."""
    position = SharedPosition(
        group=group,
        job_title=job_title.strip(),
        contract_type=contract_type,
        weekly_hours=weekly_hours,
        employee_name=employee_name.strip(),
    )
    position.full_clean()
    if not can(actor, "manage", position):
        raise PermissionDenied("Seuls les gestionnaires du groupement tiennent ses postes partagés.")
    position.save()
    return position


@transaction.atomic
def position_plan(
    *, position: SharedPosition, actor: Any, month: datetime.date, percents: dict[Structure, Decimal]
) -> list[PlannedShare]:
    """Set the month's planned split of the position among members; the parts must make 100 %."""
    _require_manager(actor, position)
    if sum(percents.values(), Decimal(0)) != 100:
        raise ValidationError("Les parts prévues doivent totaliser 100 %.", code="total")
    month = _first_of(month)
    PlannedShare.objects.filter(position=position, month=month).delete()
    return [
        PlannedShare.objects.create(position=position, member=member, month=month, percent=percent)
        for member, percent in percents.items()
    ]


@transaction.atomic
def worked_time_record(
    *, position: SharedPosition, actor: Any, member: Structure, month: datetime.date, hours: Decimal
) -> WorkedTime:
    """Record the hours the position worked for a member in a month (replacing a previous entry)."""
    _require_manager(actor, position)
    if hours < 0:
        raise ValidationError("Les heures ne peuvent être négatives.", code="hours")
    time, created = WorkedTime.objects.get_or_create(
        position=position, member=member, month=_first_of(month), defaults={"hours": hours}
    )
    if not created:
        time.hours = hours
        versioned_update(time, expected_version=time.version, fields=["hours"])
    return time


@transaction.atomic
def monthly_cost_record(
    *, position: SharedPosition, actor: Any, month: datetime.date, employer_cost_cents: int
) -> MonthlyCost:
    """Record what the position cost the group in a month, employer charges included."""
    _require_manager(actor, position)
    cost, created = MonthlyCost.objects.get_or_create(
        position=position, month=_first_of(month), defaults={"employer_cost_cents": employer_cost_cents}
    )
    if not created:
        cost.employer_cost_cents = employer_cost_cents
        versioned_update(cost, expected_version=cost.version, fields=["employer_cost_cents"])
    return cost


def position_erase_employee(*, position: SharedPosition, actor: Any) -> None:
    """Erase the employee's name from the position (the person left, or asked for it)."""
    _require_manager(actor, position)
    position.employee_name = ""
    versioned_update(position, expected_version=position.version, fields=["employee_name"])
