"""The communes the generator places structures in, weighted by population, read from the referential."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from maillage.territories.enums import Level
from maillage.territories.models import PostalCode, Territory


@dataclass(frozen=True)
class CommunePoint:
    """A commune with its point, its région and département, and a postal code."""

    territory: Territory  # only id, name and level loaded: enough for the search fields
    latitude: float
    longitude: float
    region_id: str
    departement_id: str
    postal_code: str


@dataclass
class Places:
    """The communes with a point, and their cumulated weights for a weighted draw."""

    communes: list[CommunePoint]
    cum_weights: list[float]
    region_names: dict[str, str]
    departement_names: dict[str, str]

    @classmethod
    def load(cls) -> Places:
        """Read the current communes with a point, their postal codes and their regions' names."""
        postal: dict[str, str] = {}
        for commune_id, code in PostalCode.objects.order_by("commune_id", "code").values_list(
            "commune_id", "code"
        ):
            postal.setdefault(commune_id, code)
        names = dict(
            Territory.objects.filter(level__in=[Level.REGION, Level.DEPARTEMENT]).values_list("id", "name")
        )
        rows = (
            Territory.objects.filter(level=Level.COMMUNE, is_current=True, latitude__isnull=False)
            .order_by("id")
            .values_list("id", "name", "population", "latitude", "longitude", "region_id", "departement_id")
        )
        communes: list[CommunePoint] = []
        weights: list[float] = []
        for commune_id, name, population, latitude, longitude, region_id, departement_id in rows:
            if latitude is None or longitude is None:
                continue
            communes.append(
                CommunePoint(
                    territory=Territory(id=commune_id, name=name, level=Level.COMMUNE),
                    latitude=latitude,
                    longitude=longitude,
                    region_id=region_id or "",
                    departement_id=departement_id or "",
                    postal_code=postal.get(commune_id, ""),
                )
            )
            # Villages have their festival and their heritage society too: a floor under the population.
            weights.append((population or 0) + 100)
        return cls(
            communes=communes,
            cum_weights=list(itertools.accumulate(weights)),
            region_names={k: v for k, v in names.items() if k.startswith("REG-")},
            departement_names={k: v for k, v in names.items() if k.startswith("DEP-")},
        )
