"""Fixtures of the needs surveys: the Loire and the Rhône, a coordinator of the Loire, an open campaign."""

from collections.abc import Callable
from typing import Any

import pytest

from maillage.accounts.models import User
from maillage.structures.models import Structure
from maillage.surveys.models import Campaign
from maillage.territories.models import Territory
from tests.accounts.factories import StructureMembershipFactory, TerritoryCoordinatorFactory, UserFactory
from tests.structures.factories import StructureFactory
from tests.surveys.factories import CampaignFactory

SAINT_ETIENNE = "COM-42218"
ROANNE = "COM-42187"
LYON = "COM-69123"


@pytest.fixture
def loire(loire_rhone: None) -> Territory:
    return Territory.objects.get(pk="DEP-42")


@pytest.fixture
def coordinator(loire: Territory) -> User:
    """A coordinator of the Loire (a CRESS officer, say)."""
    return TerritoryCoordinatorFactory.create(territory=loire).user


@pytest.fixture
def campaign(loire: Territory, coordinator: User) -> Campaign:
    """An open campaign over the Loire, with one free-text question."""
    return CampaignFactory.create(
        territory=loire,
        created_by=coordinator,
        extra_questions=[{"id": "libre-1", "label": "Un projet à partager ?"}],
    )


@pytest.fixture
def make_structure(loire_rhone: None) -> Callable[..., Structure]:
    """Return a maker of active structures in a commune (Saint-Étienne by default)."""

    def make(commune: str = SAINT_ETIENNE, **fields: Any) -> Structure:
        return StructureFactory.create(commune_id=commune, **fields)

    return make


@pytest.fixture
def member_of(db: None) -> Callable[[Structure], User]:
    """Return a maker of a member for a structure."""

    def make(structure: Structure) -> User:
        return StructureMembershipFactory.create(structure=structure, user=UserFactory.create()).user

    return make
