"""A scheme reaches the communes of its area minus its exclusions; searching a territory finds overlaps."""

import pytest

from maillage.schemes.matching import match_structure
from maillage.schemes.search import filter_schemes, order_schemes, parse_filters
from maillage.territories.models import Territory
from tests.schemes.factories import make_scheme
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.usefixtures("loire_rhone")


def matched_titles(commune_id: str) -> set[str]:
    structure = StructureFactory.create(commune=Territory.objects.get(pk=commune_id), association=True)
    return {m.scheme.title for m in match_structure(structure).matches}


def searched_titles(territory_id: str) -> set[str]:
    return {s.title for s in filter_schemes(parse_filters({"territoire": territory_id}))}


def test_a_regional_scheme_excluding_the_loire_reaches_lyon_not_saint_etienne() -> None:
    make_scheme(title="Région sauf Loire", geo_codes=["REG-84"], geo_exclusions=["DEP-42"])

    assert matched_titles("COM-69123") == {"Région sauf Loire"}
    assert matched_titles("COM-42218") == set()


def test_a_scheme_for_saint_etienne_is_found_from_its_region_and_its_departement() -> None:
    make_scheme(title="Saint-Étienne", geo_codes=["COM-42218"])

    assert searched_titles("REG-84") == {"Saint-Étienne"}
    assert searched_titles("DEP-42") == {"Saint-Étienne"}
    assert searched_titles("DEP-69") == set()


def test_searching_a_territory_finds_wider_areas_minus_those_excluding_it_whole() -> None:
    make_scheme(title="Région sauf Loire", geo_codes=["REG-84"], geo_exclusions=["DEP-42"])
    make_scheme(title="France", geo_codes=["PAYS-99100"])

    assert searched_titles("DEP-69") == {"Région sauf Loire", "France"}
    assert searched_titles("COM-42218") == {"France"}
    assert searched_titles("REG-84") == {"Région sauf Loire", "France"}


def test_narrowest_area_comes_first() -> None:
    make_scheme(title="France", geo_codes=["PAYS-99100"])
    make_scheme(title="Saint-Étienne", geo_codes=["COM-42218"])
    make_scheme(title="Loire", geo_codes=["DEP-42"])

    found = order_schemes(filter_schemes(parse_filters({"territoire": "COM-42218"})))
    assert [s.title for s in found] == ["Saint-Étienne", "Loire", "France"]
