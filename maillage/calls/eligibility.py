"""Whether a structure may apply to a call, criterion by criterion, with the schemes' judge (ADR 14)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from maillage.calls.models import Call
from maillage.schemes.criteria import COLUMNS, MET, NOT_MET, UNKNOWN, Judge, Verdict
from maillage.structures.models import Structure
from maillage.territories.models import TerritoryCommune


@dataclass
class Eligibility:
    verdicts: list[Verdict]

    @property
    def eligible(self) -> bool:
        """Tell whether no criterion is plainly unmet (unknowns let the structure apply, to be checked)."""
        return all(v.state != NOT_MET for v in self.verdicts)

    @property
    def unknowns(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.state == UNKNOWN]

    @property
    def missed(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.state == NOT_MET]


def territory_verdict(call: Call, structure: Structure) -> Verdict | None:
    """Judge whether the structure's commune lies in the call's territory (any level, through the closure)."""
    if call.territory_id is None:
        return None
    territory = call.territory
    requirement = f"une structure située dans le territoire « {territory.name} »"  # type: ignore[union-attr]
    if structure.commune_id is None:
        return Verdict(
            "territory", "Territoire", UNKNOWN, "commune inconnue", "", "", requirement, "à préciser"
        )
    commune = structure.commune
    inside = TerritoryCommune.objects.filter(
        territory_id=call.territory_id,
        commune_id=getattr(commune, "commune_id", None) or structure.commune_id,
    ).exists()
    return Verdict(
        "territory", "Territoire", MET if inside else NOT_MET, commune.name,  # type: ignore[union-attr]
        "annuaire", "", requirement, "critère rempli" if inside else "critère non rempli",
    )  # fmt: skip


def judge(call: Call, structure: Structure, today: datetime.date | None = None) -> Eligibility:
    """Return the call's verdicts for the structure: territory first, then the schemes' typed criteria."""
    day = today or datetime.date.today()  # noqa: DTZ011 (ages are counted in whole days, local)
    mine = set(structure.disciplines.values_list("pk", flat=True))
    wanted = dict(call.disciplines.values_list("pk", "name"))
    keys = tuple(tuple(repr(getattr(call, name)) for name in names) for names in COLUMNS)
    verdicts = Judge(structure, day, mine).verdicts(call, keys, wanted)
    place = territory_verdict(call, structure)
    return Eligibility([place, *verdicts] if place is not None else verdicts)
