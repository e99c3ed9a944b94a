"""One definition of a current membership, walked through every place that asks which members are current.

A membership is current on a day when the network confirmed it, it started on or before that day (no
start: since always) and it ends on or after that day (no end: open-ended). The end date is the last day
in force. Permissions, the directory's network filter and facet, the observatory's indicator and the
exports must all agree, case by case.
"""

import datetime

import pytest
from django.utils import timezone

from maillage.memberships.enums import Action
from maillage.memberships.rules import can
from maillage.observatory.compute import snapshot_compute
from maillage.observatory.selectors import territory_indicators
from maillage.structures.enums import RelationKind, RelationState
from maillage.structures.exports import csv_chunks, structures_to_export
from maillage.structures.models import Relation
from maillage.structures.search import filter_structures, parse_filters, structure_facets
from maillage.territories.selectors import territory_get
from tests.accounts.factories import NetworkCoordinatorFactory
from tests.structures.factories import RelationFactory, StructureFactory

DAY = datetime.timedelta(days=1)
# case: (start, end, state) as offsets in days from today (None: no date), and whether it is current.
CASES = {
    "passée": (-400, -30, RelationState.ACCEPTED, False),
    "finie hier": (-400, -1, RelationState.ACCEPTED, False),
    "finit aujourd'hui": (-400, 0, RelationState.ACCEPTED, True),
    "fin prévue plus tard": (-400, 30, RelationState.ACCEPTED, True),
    "sans fin": (-400, None, RelationState.ACCEPTED, True),
    "sans dates": (None, None, RelationState.ACCEPTED, True),
    "commence aujourd'hui": (0, None, RelationState.ACCEPTED, True),
    "future": (30, None, RelationState.ACCEPTED, False),
    "déclarée": (None, None, RelationState.DECLARED, False),
    "refusée": (None, None, RelationState.REFUSED, False),
}


def _day(offset: int | None) -> datetime.date | None:
    return None if offset is None else timezone.localdate() + offset * DAY


@pytest.mark.django_db
def test_every_reader_agrees_on_which_memberships_are_current(loire_rhone) -> None:
    """Each case is current, or not, for permissions, search, facets, the indicator and the exports alike."""
    world = {}
    for index, (case, (start, end, state, _)) in enumerate(CASES.items()):
        network = StructureFactory.create(network=True, name=f"Réseau {index}", commune_id="COM-42218")
        member = StructureFactory.create(association=True, name=f"Membre {index}", commune_id="COM-42218")
        RelationFactory.create(
            source=member,
            kind=RelationKind.MEMBER_OF,
            target=network,
            start_date=_day(start),
            end_date=_day(end),
            state=state,
        )
        coordinator = NetworkCoordinatorFactory.create(network=network).user
        world[case] = (network, member, coordinator)
    snapshot_compute(label="Essai")
    indicator = next(
        row
        for row in territory_indicators(territory_get("COM-42218"))
        if row.indicator.key == "networks_present"
    )
    present = {b.key: b.value for b in indicator.breakdown}
    all_facets = {f.value: f.count for f in structure_facets(parse_filters({})).networks}

    seen = {}
    for case, (network, member, coordinator) in world.items():
        filters = parse_filters({"reseau": network.slug})
        exported = "".join(csv_chunks(structures_to_export(filters), site_url="http://testserver"))
        seen[case] = {
            "queryset": Relation.objects.current().filter(source=member).exists(),
            "object": Relation.objects.get(source=member).is_current(),
            "permission": can(coordinator, Action.EDIT, member),
            "search": list(filter_structures(filters)) == [member],
            "facet": all_facets.get(network.slug, 0) == 1,
            "indicator": present.get(network.slug, 0) == 1,
            "export": member.name in exported,
        }
    expected = {case: dict.fromkeys(seen[case], current) for case, (*_, current) in CASES.items()}
    assert seen == expected
