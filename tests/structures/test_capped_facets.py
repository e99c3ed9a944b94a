"""A broad text search's filters are those of its first public matches (counted over a limited number)."""

import pytest
from django.db import connection

from maillage.structures import search
from maillage.structures.enums import EssFamily
from maillage.structures.search import parse_filters, structure_facets
from maillage.structures.services import structure_create, structure_update
from maillage.structures.withdrawal import structure_withdraw
from maillage.territories.models import Territory

pytestmark = pytest.mark.usefixtures("loire_rhone")


def test_a_broad_search_offers_the_families_of_its_first_public_matches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search, "TEXT_FACETS_LIMIT", 3)  # the first four matches are looked at
    saint_etienne = Territory.objects.get(id="COM-42218")
    # Written first, so first in id order, but not shown: neither may lend its family to the filters.
    withdrawn = structure_create(name="Théâtre retiré", commune=saint_etienne, ess_family=EssFamily.FONDATION)
    structure_withdraw(structure=withdrawn)
    closed = structure_create(name="Théâtre fermé", commune=saint_etienne, ess_family=EssFamily.MUTUELLE)
    structure_update(structure=closed, is_active=False)
    families = [
        EssFamily.ASSOCIATION,
        EssFamily.COOPERATIVE_SCOP,
        EssFamily.COOPERATIVE_SCIC,
        EssFamily.COOPERATIVE_CAE,
        EssFamily.ESUS_COMPANY,
        EssFamily.OTHER,
    ]
    for number, family in enumerate(families):
        structure_create(name=f"Théâtre {number}", commune=saint_etienne, ess_family=family)

    facets = structure_facets(parse_filters({"q": "theatre"}), capped=True)

    offered = {f.value for f in facets.families}
    assert facets.capped
    assert facets.total == 3
    assert len(offered) == 4
    assert offered <= set(families)
    if connection.vendor == "sqlite":  # read in id order there: the first four written
        assert offered == set(families[:4])
