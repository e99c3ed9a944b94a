"""A new scheme finds, in SQL, the structures of its area that no known value rules out."""

import datetime

import pytest
from django.utils import timezone

from maillage.schemes.matching import match_structure
from maillage.schemes.reach import structures_for_scheme
from maillage.structures.enums import HeadcountBand
from tests.schemes.factories import make_scheme
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.usefixtures("loire_rhone")


def test_the_area_and_the_known_values_decide_unknown_ones_keep() -> None:
    old = timezone.localdate() - datetime.timedelta(days=365 * 4)
    kept = StructureFactory.create(
        name="Lyon ancienne", commune_id="COM-69123", association=True, founded_on=old
    )
    unknown = StructureFactory.create(name="Lyon sans date", commune_id="COM-69123", association=True)
    # An arrondissement belongs to its commune's areas.
    arrondissement = StructureFactory.create(
        name="Lyon 1er", commune_id="COM-69381", association=True, founded_on=old
    )
    StructureFactory.create(name="Saint-Étienne", commune_id="COM-42218", association=True, founded_on=old)
    StructureFactory.create(
        name="Lyon récente", commune_id="COM-69123", association=True, founded_on=timezone.localdate()
    )
    StructureFactory.create(
        name="Lyon trop petite", commune_id="COM-69123", association=True, headcount_band=HeadcountBand.B1_2
    )
    scheme = make_scheme(geo_codes=["REG-84"], geo_exclusions=["DEP-42"], min_years=2, headcount_min=3)

    found = set(structures_for_scheme(scheme))

    assert found == {kept, unknown, arrondissement}
    # The explanation agrees, structure by structure.
    for structure in found:
        assert [m.group for m in match_structure(structure).matches] in (["eligible"], ["to_confirm"])


def test_an_excluded_commune_excludes_its_arrondissements() -> None:
    StructureFactory.create(name="Lyon 3e", commune_id="COM-69383", association=True)
    villeurbanne = StructureFactory.create(name="Villeurbanne", commune_id="COM-69266", association=True)
    scheme = make_scheme(geo_codes=["DEP-69"], geo_exclusions=["COM-69123"])

    assert set(structures_for_scheme(scheme)) == {villeurbanne}
