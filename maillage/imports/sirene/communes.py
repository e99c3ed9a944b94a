"""SIRENE commune codes → current communes, in bulk, by the rules of `territories.resolver.resolve_commune`.

`resolve_commune` asks the database once or twice per code; an import meets up to 35,000 codes, so the
referential is read once into a dictionary instead, with the same order of rules: a current commune's
own code, then an arrondissement's (Paris, Lyon, Marseille: SIRENE places establishments there), then a
former code of a merged commune. tests/imports/test_sirene_units.py checks both agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from maillage.territories.enums import Level
from maillage.territories.models import CommuneCode, Territory
from maillage.territories.resolver import normalise_insee_code


@dataclass(frozen=True)
class Resolution:
    commune: Territory
    # "", "arrondissement" or "former_code": how the code was understood.
    via: str = ""


class CommuneIndex:
    """Every code the referential can resolve, read in three queries."""

    def __init__(self) -> None:
        communes = {
            t.code: t
            for t in Territory.objects.filter(level=Level.COMMUNE).only(
                "id", "code", "name", "level", "latitude", "longitude", "is_current"
            )
        }
        by_id = {t.id: t for t in communes.values()}
        self._codes: dict[str, Resolution] = {
            code: Resolution(t) for code, t in communes.items() if t.is_current
        }
        arrondissements = Territory.objects.filter(level=Level.ARRONDISSEMENT, commune__isnull=False)
        for code, commune_id in arrondissements.values_list("code", "commune_id"):
            parent = by_id.get(commune_id)
            if parent is not None and code not in self._codes:
                self._codes[code] = Resolution(parent, "arrondissement")
        for code, commune_id in CommuneCode.objects.values_list("code", "commune_id"):
            target = by_id.get(commune_id)
            if target is not None and code not in self._codes:
                self._codes[code] = Resolution(target, "former_code")

    def __len__(self) -> int:
        return len(self._codes)

    def resolve(self, raw_code: str | None) -> Resolution | None:
        """Return the current commune a SIRENE code means, or None."""
        if not raw_code:
            return None
        return self._codes.get(normalise_insee_code(raw_code))
