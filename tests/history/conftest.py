"""People and a structure of Saint-Étienne, shared by the history tests."""

import pytest

from maillage.accounts.models import User
from maillage.memberships.enums import MemberRole
from maillage.structures.models import Structure
from maillage.structures.services import structure_create
from maillage.territories.models import Territory
from tests.accounts.factories import StructureMembershipFactory, TerritoryCoordinatorFactory, UserFactory


@pytest.fixture
def saint_etienne(loire_rhone: None) -> Territory:
    return Territory.objects.get(id="COM-42218")


@pytest.fixture
def le_fil(saint_etienne: Territory) -> Structure:
    """A structure created by an import, hence never confirmed."""
    return structure_create(name="Le Fil", website="https://lefil.example.org", commune=saint_etienne)


@pytest.fixture
def member(le_fil: Structure) -> User:
    user = UserFactory.create(display_name="Camille Martin", name_is_public=False)
    StructureMembershipFactory.create(user=user, structure=le_fil, role=MemberRole.MEMBER)
    return user


@pytest.fixture
def coordinator(loire_rhone: None) -> User:
    """A coordinator of the Loire, as a CRESS would be."""
    user = UserFactory.create(display_name="Dominique Lefèvre", email="coordination@cress.example.org")
    TerritoryCoordinatorFactory.create(user=user, territory=Territory.objects.get(id="DEP-42"))
    return user


@pytest.fixture
def outsider(db: None) -> User:
    return UserFactory.create(display_name="Personne Extérieure")
