"""Merging duplicate structures keeps a portal's choices: its network, highlights and exclusions."""

import pytest

from maillage.history.merge import structure_merge
from tests.accounts.factories import UserFactory
from tests.portals.factories import make_portal
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def test_the_kept_structure_takes_the_duplicates_place_in_portals() -> None:
    keep, duplicate = StructureFactory.create(), StructureFactory.create()
    network_keep, network_duplicate = (
        StructureFactory.create(network=True),
        StructureFactory.create(network=True),
    )
    excluding = make_portal(excluded=[duplicate])
    highlighting = make_portal(highlighted=[duplicate], network=network_duplicate)
    admin = UserFactory.create(is_superuser=True)

    structure_merge(keep=keep, duplicate=duplicate, actor=admin)
    structure_merge(keep=network_keep, duplicate=network_duplicate, actor=admin)

    assert list(excluding.excluded.all()) == [keep]
    assert list(highlighting.highlighted.all()) == [keep]
    highlighting.refresh_from_db()
    assert highlighting.network_id == network_keep.pk
