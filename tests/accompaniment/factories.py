"""Bodies, staff, consented beneficiaries and cases, built through the services as people would."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from maillage.accompaniment.enums import BodyKind, StaffRole
from maillage.accompaniment.models import Body, BodyStaff, Case
from maillage.accompaniment.phases import action_add, case_advance, case_diagnose, case_open, case_plan
from maillage.accompaniment.services import consent_give
from maillage.memberships.enums import MemberRole
from maillage.structures.models import Structure
from maillage.territories.enums import Level
from maillage.territories.models import Territory, TerritoryCommune
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.structures.factories import StructureFactory

NEEDS = {"gouvernance": "Renouveler le bureau", "financement": "Diversifier les ressources"}


class BodyFactory(DjangoModelFactory[Body]):
    class Meta:
        model = Body

    structure = factory.SubFactory(StructureFactory, kind="dla")
    kind = BodyKind.DLA_DEPARTEMENTAL
    source_label = "Déclaré par l'équipe du site"


def staff(body: Body, role: str = StaffRole.OFFICER, **user: Any) -> Any:
    person = UserFactory.create(**user)
    BodyStaff.objects.create(body=body, user=person, role=role)
    return person


def managed_structure(**fields: Any) -> tuple[Structure, Any]:
    """Return a structure and its manager."""
    structure = StructureFactory.create(association=True, **fields)
    manager = StructureMembershipFactory.create(structure=structure, role=MemberRole.MANAGER).user
    return structure, manager


def consented(body: Body, count: int = 1, **fields: Any) -> list[tuple[Structure, Any]]:
    """Return structures whose managers agreed to accompaniment by the body."""
    found = []
    for _ in range(count):
        structure, manager = managed_structure(**fields)
        consent_give(structure=structure, body=body, actor=manager)
        found.append((structure, manager))
    return found


def open_case(
    body: Body, officer: Any, structures: list[Structure], title: str = "Consolider le projet"
) -> Case:
    return case_open(body=body, beneficiaries=structures, officer=officer, actor=officer, title=title)


def to_follow_up(case: Case, officer: Any, consultant: Any = None, on: datetime.date | None = None) -> Case:
    """Take a case through diagnostic, plan and one action to the follow-up."""
    case = case_advance(case=case, actor=officer, expected_version=case.version)
    case = case_diagnose(
        case=case, actor=officer, expected_version=case.version, needs=NEEDS, summary="Bilan", on=on
    )
    case = case_advance(case=case, actor=officer, expected_version=case.version)
    case = case_plan(
        case=case,
        actor=officer,
        expected_version=case.version,
        objectives="Structurer",
        budget=None,
        scheme_ids=[],
    )
    action_add(
        case=case, actor=officer, expected_version=case.version, title="Appui gouvernance",
        starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 3, 20), days=Decimal("3"),
        cost=Decimal("1500"), structures=list(case.beneficiaries.all()), consultant=consultant,
        consultant_name="Cabinet Conseil",
    )  # fmt: skip
    case.refresh_from_db()
    case = case_advance(case=case, actor=officer, expected_version=case.version)
    return case_advance(case=case, actor=officer, expected_version=case.version)


@dataclass
class World:
    """Two bodies, their officers, a resource centre, a consultant, a beneficiary, one case."""

    body_a: Body
    body_b: Body
    centre: Body
    officer_a: Any
    officer_b: Any
    centre_staff: Any
    consultant: Any
    structure: Structure
    manager: Any
    member: Any
    stranger: Any
    case: Case


def world() -> World:
    body_a, body_b = BodyFactory.create(), BodyFactory.create()
    centre = BodyFactory.create(kind=BodyKind.CRDLA)
    officer_a, officer_b = staff(body_a), staff(body_b)
    centre_staff = staff(centre, StaffRole.RESOURCE_CENTRE)
    ((structure, manager),) = consented(body_a)
    member = StructureMembershipFactory.create(structure=structure, role=MemberRole.MEMBER).user
    case = open_case(body_a, officer_a, [structure])
    consultant, stranger = UserFactory.create(), UserFactory.create()
    return World(
        body_a, body_b, centre, officer_a, officer_b, centre_staff, consultant, structure, manager, member,
        stranger, case,
    )  # fmt: skip


def region_with_commune(code: str, name: str) -> tuple[Territory, Territory]:
    """Return a région and one commune in it (with the closure rows the indicators read)."""
    region = Territory.objects.create(
        id=f"REG-{code}", level=Level.REGION, code=code, name=name, millesime="2026", source="test"
    )
    commune = Territory.objects.create(
        id=f"COM-{code}001", level=Level.COMMUNE, code=f"{code}001", name=f"Commune {name}", region=region,
        millesime="2026", source="test",
    )  # fmt: skip
    TerritoryCommune.objects.create(territory=region, commune=commune)
    TerritoryCommune.objects.create(territory=commune, commune=commune)
    return region, commune


def cases_in(body: Body, officer: Any, commune: Territory, count: int, **structure: Any) -> list[Case]:
    """Open `count` cases, each on its own consenting structure of the commune."""
    return [open_case(body, officer, [s]) for s, _ in consented(body, count, commune=commune, **structure)]
