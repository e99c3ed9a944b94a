"""The robustness sweeps' Hypothesis profile and their small fixture of real objects."""

from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from maillage.structures.enums import RelationKind, StructureKind
from maillage.structures.models import Structure
from maillage.surveys.models import Campaign
from maillage.territories.models import Territory

# Bounded and reproducible: the same examples on every run (no example database written to disk), a
# modest number of them, and no per-example deadline on a shared CI machine.
settings.register_profile(
    "sweep",
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


@dataclass(frozen=True)
class Objects:
    territory: Territory
    structure: Structure
    network: Structure
    campaign: Campaign


@pytest.fixture
def objects(loire_rhone: None, settings: Any) -> Objects:
    """A territory, a structure member of a network, a closed campaign over the territory; no rate limit."""
    from tests.structures.factories import RelationFactory, StructureFactory  # noqa: PLC0415
    from tests.surveys.factories import CampaignFactory  # noqa: PLC0415

    settings.API_SEARCH_RATE = "100000/m"
    territory = Territory.objects.get(pk="DEP-42")
    network = StructureFactory.create(
        name="Réseau des lieux", kind=StructureKind.NETWORK, commune_id="COM-42218"
    )
    structure = StructureFactory.create(name="Compagnie du Parvis", commune_id="COM-42218", siret="")
    RelationFactory.create(source=structure, target=network, kind=RelationKind.MEMBER_OF)
    campaign = CampaignFactory.create(territory=territory, closed=True)
    return Objects(territory, structure, network, campaign)
