"""« Réseaux présents » counts a network where its current members are, wherever the network itself is."""

import pytest
from django.utils import timezone

from maillage.observatory.compute import snapshot_compute
from maillage.observatory.selectors import territory_indicators
from maillage.structures.enums import RelationKind, RelationState, StructureKind
from maillage.territories.enums import FRANCE_ID
from maillage.territories.selectors import territory_get
from tests.observatory.directory import LYON, ROANNE, SAINT_ETIENNE
from tests.structures.factories import RelationFactory, StructureFactory

pytestmark = pytest.mark.django_db


def networks(territory_id: str) -> tuple[float | None, dict[str, float]]:
    rows = {row.indicator.key: row for row in territory_indicators(territory_get(territory_id))}
    row = rows["networks_present"]
    return row.value, {b.label: b.value for b in row.breakdown}


def member(commune: str, network, **fields):
    structure = StructureFactory.create(commune_id=commune, association=True)
    return RelationFactory.create(source=structure, target=network, kind=RelationKind.MEMBER_OF, **fields)


def test_a_national_network_without_commune_counts_where_its_members_are(loire_rhone):
    national = StructureFactory.create(
        commune=None, association=True, kind=StructureKind.NETWORK, name="Fédération nationale"
    )
    member(SAINT_ETIENNE, national)
    member(ROANNE, national)
    # A membership not confirmed by the network, or ended, makes no presence in the Rhône.
    member(LYON, national, state=RelationState.DECLARED)
    member(LYON, national, end_date=timezone.localdate().replace(year=2001))
    snapshot_compute(label="Essai")

    assert networks("DEP-42") == (1, {"Fédération nationale": 2})
    assert networks("REG-84") == (1, {"Fédération nationale": 2})
    assert networks(FRANCE_ID) == (1, {"Fédération nationale": 2})
    assert networks("DEP-69") == (0, {})


def test_a_withdrawn_or_closed_network_is_not_present(loire_rhone):
    withdrawn = StructureFactory.create(
        commune=None, association=True, kind=StructureKind.NETWORK, withdrawn_at=timezone.now()
    )
    closed = StructureFactory.create(
        commune=None, association=True, kind=StructureKind.NETWORK, is_active=False
    )
    member(SAINT_ETIENNE, withdrawn)
    member(SAINT_ETIENNE, closed)
    snapshot_compute(label="Essai")

    assert networks("DEP-42") == (0, {})
    assert networks(FRANCE_ID) == (0, {})
