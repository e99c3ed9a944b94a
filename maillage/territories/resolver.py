"""Resolve the commune codes found in outside files to current communes of the referential."""

from __future__ import annotations

from dataclasses import dataclass

from maillage.territories.enums import Level
from maillage.territories.models import CommuneCode, Territory


@dataclass(frozen=True)
class ResolvedCommune:
    commune: Territory
    # How the code was understood, in French, when it was not the commune's own current code.
    fix: str = ""


def normalise_insee_code(raw: str) -> str:
    """Return an INSEE commune code as written by INSEE: 5 characters, Corsica's 2A/2B upper-case."""
    code = raw.strip().upper()
    if code.endswith(".0"):  # spreadsheets turn codes into floats
        code = code[:-2]
    if code.isdigit() and len(code) == 4:  # a lost leading zero (01…09)
        code = "0" + code
    return code


def resolve_commune(raw_code: str) -> ResolvedCommune | None:
    """Find the current commune a code means: its own, an arrondissement's, or a merged commune's."""
    code = normalise_insee_code(raw_code)
    fixes = []
    if code != raw_code.strip():
        fixes.append(f"code « {raw_code.strip()} » lu comme {code}")
    territory = (
        Territory.objects.filter(id=f"COM-{code}", level__in=[Level.COMMUNE, Level.ARRONDISSEMENT])
        .select_related("commune")
        .first()
    )
    if territory is not None and territory.level == Level.ARRONDISSEMENT and territory.commune:
        fixes.append(f"arrondissement {territory.name} rattaché à {territory.commune.name}")
        territory = territory.commune
    if territory is not None and territory.is_current:
        return ResolvedCommune(territory, " ; ".join(fixes))
    former = CommuneCode.objects.filter(code=code).select_related("commune").first()
    if former is not None:
        fixes.append(f"ancien code {code} devenu {former.commune.code} ({former.commune.name})")
        return ResolvedCommune(former.commune, " ; ".join(fixes))
    return None
