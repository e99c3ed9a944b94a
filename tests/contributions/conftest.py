"""Fixtures of contributions: a SIRENE-imported structure in Saint-Étienne and the people around it."""

import datetime

import pytest

from maillage.accounts.models import User
from maillage.memberships.enums import MemberRole
from maillage.structures.enums import DataSource
from maillage.structures.models import Structure
from tests.accounts.factories import StructureMembershipFactory, TerritoryCoordinatorFactory, UserFactory
from tests.structures.factories import StructureFactory

SAINT_ETIENNE = "COM-42218"


@pytest.fixture
def sirene_structure(loire_rhone: None) -> Structure:
    """Return a structure imported from SIRENE in Saint-Étienne, with nobody to manage it."""
    return StructureFactory.create(
        with_siret=True,
        association=True,
        name="Compagnie du Chaudron",
        source=DataSource.SIRENE,
        source_date=datetime.date(2025, 1, 1),
        commune_id=SAINT_ETIENNE,
        street="12 rue de la Résistance",
        postal_code="42000",
        naf_code="90.01Z",
        naf_label="Arts du spectacle vivant",
        description="Compagnie de théâtre.",
    )


@pytest.fixture
def loire_coordinator(loire_rhone: None) -> User:
    """Return a territory coordinator of the Loire (DEP-42)."""
    return TerritoryCoordinatorFactory.create(territory_id="DEP-42", user__display_name="Claire Loire").user


@pytest.fixture
def rhone_coordinator(loire_rhone: None) -> User:
    """Return a territory coordinator of the Rhône (DEP-69), outside Saint-Étienne."""
    return TerritoryCoordinatorFactory.create(territory_id="DEP-69", user__display_name="Rémi Rhône").user


@pytest.fixture
def outsider(db: None) -> User:
    return UserFactory.create(display_name="Olga Dehors")


def add_member(structure: Structure, role: str = MemberRole.MEMBER, **user: object) -> User:
    """Make a new person a member of the structure and return them."""
    return StructureMembershipFactory.create(
        structure=structure, role=role, user=UserFactory.create(**user)
    ).user
