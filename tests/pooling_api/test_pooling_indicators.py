"""The observatory's pooling indicators: counts per territory from the directory, small counts kept secret."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from maillage.bookings.enums import BookingState
from maillage.employers.services import position_create, position_plan
from maillage.observatory.features import FEATURE_INDICATORS, secret_counts
from maillage.structures.models import Structure
from maillage.territories.models import Territory
from tests.accounts.factories import StructureMembershipFactory
from tests.bookings.factories import BookingFactory
from tests.lending.factories import ItemFactory
from tests.places.factories import PlaceFactory, SpaceFactory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.usefixtures("loire_rhone")
SAINT_ETIENNE = "COM-42218"
LYON = "COM-69123"


def _values(key: str, territory_id: str) -> dict[str, int | None]:
    rows = FEATURE_INDICATORS[key].compute(Territory.objects.get(pk=territory_id))
    return {row_key: value for row_key, _, value in rows}


def _lender(commune: str) -> Structure:
    return StructureFactory.create(commune_id=commune)


def test_pooled_items_are_counted_by_category_and_a_small_one_is_masked_with_the_next_smallest() -> None:
    lender = _lender(SAINT_ETIENNE)
    ItemFactory.create_batch(5, resource__owner=lender, category="sound")
    ItemFactory.create_batch(6, resource__owner=lender, category="video")
    ItemFactory.create_batch(2, resource__owner=lender, category="light")
    ItemFactory.create(
        resource__owner=lender, category="video", resource__withdrawn_at=datetime.datetime.now(datetime.UTC)
    )
    ItemFactory.create_batch(3, resource__owner=_lender(LYON), category="sound")

    loire = _values("pooled_items_by_category", "DEP-42")
    rhone = _values("pooled_items_by_category", "DEP-69")

    # 2 lights are secret; alone they would be the total less the others, so the 5 sounds are masked too.
    assert (loire[""], loire["video"], loire["light"], loire["sound"], loire["stage"]) == (
        13,
        6,
        None,
        None,
        0,
    )
    assert (rhone[""], rhone["sound"]) == (None, None)
    assert _values("pooled_items_by_category", "REG-84")[""] == 16


def test_loans_are_counted_per_year_once_accepted() -> None:
    item = ItemFactory.create(resource__owner=_lender(SAINT_ETIENNE))
    states = [BookingState.CLOSED] * 5 + [BookingState.ACCEPTED] * 5 + [BookingState.REFUSED]
    for number, state in enumerate(states):
        # 5 loans in 2025, 5 in 2026 (two months apart), then a refused request in 2027.
        day = datetime.datetime(2025 + number // 5, 1 + number % 5 * 2, 1, tzinfo=datetime.UTC)
        BookingFactory.create(resource=item.resource, start=day, state=state)

    assert _values("loans_by_year", "DEP-42") == {"": 10, "2025": 5, "2026": 5}
    assert _values("loans_by_year", "DEP-69") == {"": 0}


def test_places_spaces_and_their_bookings_are_counted_and_one_place_is_secret() -> None:
    owner = _lender(SAINT_ETIENNE)
    places = PlaceFactory.create_batch(5, owner=owner)
    spaces = [SpaceFactory.create(place=place) for place in places]
    SpaceFactory.create(place=places[0], resource__withdrawn_at=datetime.datetime.now(datetime.UTC))
    PlaceFactory.create(owner=owner, withdrawn_at=datetime.datetime.now(datetime.UTC))
    SpaceFactory.create(place__owner=_lender(LYON))
    hour = datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)
    for space in spaces:
        BookingFactory.create(
            resource=space.resource,
            start=hour,
            end=hour + datetime.timedelta(hours=2),
            state=BookingState.ACCEPTED,
        )
    BookingFactory.create(
        resource=spaces[0].resource,
        start=hour,
        end=hour + datetime.timedelta(hours=1),
        state=BookingState.REQUESTED,
    )

    assert _values("shared_places", "DEP-42") == {"places": 5, "spaces": 5}
    assert _values("shared_places", "DEP-69") == {"places": None, "spaces": None}
    assert _values("space_bookings_by_year", "DEP-42") == {"": 5, "2026": 5}


def test_shared_positions_count_groups_positions_and_members_never_names() -> None:
    group = _lender(SAINT_ETIENNE)
    manager = StructureMembershipFactory.create(structure=group, role="manager").user
    members = StructureFactory.create_batch(5)
    for number in range(5):
        position = position_create(
            group=group,
            actor=manager,
            job_title=f"Poste {number}",
            contract_type="cdi",
            weekly_hours=Decimal(35),
            employee_name="Camille Martin",
        )
        pair = {members[number]: Decimal(60), members[(number + 1) % 5]: Decimal(40)}
        position_plan(position=position, actor=manager, month=datetime.date(2026, 1, 1), percents=pair)

    values = _values("shared_positions", "DEP-42")

    assert values == {"groups": None, "positions": 5, "members": 5}
    assert "Camille" not in repr(
        FEATURE_INDICATORS["shared_positions"].compute(Territory.objects.get(pk="DEP-42"))
    )


def test_secrecy_shows_zero_and_masks_one_to_four() -> None:
    assert secret_counts([("", "Tout", 9), ("a", "A", 9), ("b", "B", 0)]) == [
        ("", "Tout", 9),
        ("a", "A", 9),
        ("b", "B", 0),
    ]
    assert [value for _, _, value in secret_counts([("x", "X", 4), ("y", "Y", 5)])] == [None, 5]


def test_the_methodology_page_defines_them(client: Client) -> None:
    html = client.get("/observatoire/methodologie/").content.decode()

    for label in (
        "Matériel mutualisé par catégorie",
        "Prêts de matériel par année",
        "Lieux partagés et espaces",
    ):
        assert label in html
    assert "Secret statistique" in html
