"""Employer groups' statements at exact cost, each member's privacy, and the year-end true-up."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from maillage.employers.services import (
    monthly_cost_record,
    position_create,
    position_plan,
    worked_time_record,
)
from maillage.employers.statements import member_statement, month_lines, split_cents, year_true_up
from tests.accounts.factories import StructureMembershipFactory
from tests.structures.factories import StructureFactory

JANUARY = datetime.date(2026, 1, 1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> dict:
    """A group sharing an administrator 60/40 between two members, one month's cost odd to the cent."""
    group = StructureFactory.create(name="GE Culture et Coopération")
    manager = StructureMembershipFactory.create(structure=group, role="manager").user
    a = StructureMembershipFactory.create(structure__name="Le Fil", role="manager")
    b = StructureMembershipFactory.create(structure__name="La Fabrique", role="member")
    position = position_create(
        group=group,
        actor=manager,
        job_title="Administrateur·rice",
        contract_type="cdi",
        weekly_hours=Decimal(35),
        employee_name="Camille Martin",
    )
    for month in range(1, 13):
        first = datetime.date(2026, month, 1)
        position_plan(
            position=position,
            actor=manager,
            month=first,
            percents={a.structure: Decimal(60), b.structure: Decimal(40)},
        )
        # 3 456,79 €: 60 % is 2 074,074 €, 40 % is 1 382,716 €, the odd cent goes to the larger remainder.
        monthly_cost_record(position=position, actor=manager, month=first, employer_cost_cents=345679)
    return {"group": group, "manager": manager, "a": a, "b": b, "position": position}


def test_split_cents_adds_up_by_the_largest_remainder() -> None:
    assert split_cents(100, {"a": Decimal(1), "b": Decimal(1), "c": Decimal(1)}) == {
        "a": 34,
        "b": 33,
        "c": 33,
    }
    assert split_cents(345679, {"a": Decimal(60), "b": Decimal(40)}) == {"a": 207407, "b": 138272}
    assert split_cents(0, {"a": Decimal(1)}) == {"a": 0}


def test_the_monthly_statements_total_the_employer_cost_to_the_cent(group: dict) -> None:
    """The members' lines add up to the month's cost exactly, and nothing else is charged."""
    lines = month_lines(group["group"], JANUARY)
    assert sum(line.amount_cents for line in lines) == 345679
    assert sorted((line.member_id, line.amount_cents) for line in lines) == sorted(
        [(group["a"].structure_id, 207407), (group["b"].structure_id, 138272)]
    )
    assert {line.position for line in lines} == {group["position"]}  # one line per member, no fee or margin


def test_member_b_sees_none_of_member_as_lines(group: dict, client: Client) -> None:
    """B's statement, page and CSV hold B's line only."""
    assert [
        line.amount_cents for line in member_statement(group["group"], group["b"].structure, JANUARY)
    ] == [138272]

    client.force_login(group["b"].user)
    page = client.get(reverse("pooling:statement", args=[group["group"].slug, 2026, 1])).content.decode()
    assert "La Fabrique" in page
    assert "1382,72" in page
    assert "Le Fil" not in page
    assert "2074,07" not in page
    assert "3456,79" not in page
    csv_text = client.get(
        reverse("pooling:statement_csv", args=[group["group"].slug, 2026, 1])
    ).content.decode()
    assert "La Fabrique" in csv_text
    assert "Le Fil" not in csv_text

    client.force_login(group["manager"])
    page = client.get(reverse("pooling:statement", args=[group["group"].slug, 2026, 1])).content.decode()
    assert "Le Fil" in page
    assert "La Fabrique" in page
    assert "3456,79" in page

    client.force_login(StructureMembershipFactory.create().user)
    assert client.get(reverse("pooling:statement", args=[group["group"].slug, 2026, 1])).status_code == 404


def test_the_true_up_of_a_60_40_plan_worked_50_50(group: dict) -> None:
    """Billed 60/40 all year, worked 50/50: A gets back 10 % of the year's cost, B pays it."""
    for month in range(1, 13):
        first = datetime.date(2026, month, 1)
        for member in (group["a"].structure, group["b"].structure):
            worked_time_record(
                position=group["position"],
                actor=group["manager"],
                member=member,
                month=first,
                hours=Decimal("75.83"),
            )

    balances = year_true_up(group["group"], 2026)
    a, b = balances[group["a"].structure_id], balances[group["b"].structure_id]
    # Each month: 207 407 billed to A, 138 272 to B; worked half and half, 172 840 and 172 839
    # (the odd cent to A, first in order).
    assert (a.billed_cents, b.billed_cents) == (12 * 207407, 12 * 138272)
    assert (a.actual_cents, b.actual_cents) == (12 * 172840, 12 * 172839)
    assert (a.balance_cents, b.balance_cents) == (-12 * 34567, 12 * 34567)
    assert a.balance_cents + b.balance_cents == 0
