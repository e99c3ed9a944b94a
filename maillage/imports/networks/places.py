"""Find the current commune a row of a network's file means, from its INSEE code, postal code or name.

The INSEE code is tried first (repaired by `resolve_commune`: float, lost zero, arrondissement, merged
commune) and checked against the name and postal code given beside it: a code that contradicts both is
a typo, never silently trusted. Without a code, the postal code decides (the name chooses when several
communes share it), then the name alone (the département, given or read from the postal code, chooses
between homonyms).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from maillage.search.normalize import search_key
from maillage.territories.enums import Level
from maillage.territories.models import CommuneCode, PostalCode, Territory
from maillage.territories.resolver import ResolvedCommune, resolve_commune

ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes", "s": "sur"}
# Words that qualify a place without naming it: "Lyon 3e", "Marseille 1er arrondissement", "cedex 2".
# Shortest name accepted as the start of a longer one.
MIN_PREFIX = 6
_QUALIFIER = re.compile(r"^(\d+(er|e|eme|ieme)?|arrondissement|arr|arrt|cedex)$")


@dataclass
class Place:
    commune: Territory | None = None
    fixes: list[str] = field(default_factory=list)
    error: str = ""


@functools.lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """Fold a commune name the way people write it: "ST ETIENNE CEDEX 2" → "saint etienne"."""
    words = [ABBREVIATIONS.get(w, w) for w in search_key(name).split()]
    return " ".join(w for w in words if not _QUALIFIER.match(w))


def departement_codes(value: str) -> set[str]:
    """Read a département as people write it ("1", "01", "Ain", "2A") into codes."""
    value = value.strip().upper().removesuffix(".0")
    if value.isdigit():
        return {value.zfill(2)}
    if value in {"2A", "2B"}:
        return {value}
    key = search_key(value)
    return set(
        Territory.objects.filter(level=Level.DEPARTEMENT, search_name=key).values_list("code", flat=True)
    )


def departements_of_postal_code(postal_code: str) -> set[str]:
    if postal_code.startswith("97") or postal_code.startswith("98"):
        return {postal_code[:3]}
    if postal_code.startswith("20"):
        return {"2A", "2B"}
    return {postal_code[:2]}


class PlaceResolver:
    """Resolve places, caching what a file repeats (the same postal code on a hundred rows)."""

    def __init__(self) -> None:
        self._codes: dict[str, ResolvedCommune | None] = {}
        self._postal: dict[str, list[Territory]] = {}
        self._names: dict[str, list[Territory]] = {}
        self._former_names: dict[str, list[str]] | None = None  # commune id → former names
        self._former_by_name: dict[str, list[str]] | None = None  # place key → commune ids

    def resolve(
        self, *, code: str = "", postal_code: str = "", name: str = "", departement: str = ""
    ) -> Place:
        if code:
            resolved = self._by_code(code)
            if resolved is not None:
                return self._checked(resolved, postal_code=postal_code, name=name, departement=departement)
            place = self._without_code(postal_code=postal_code, name=name, departement=departement)
            if place.commune is None:
                place.error = f"code INSEE « {code} » inconnu du référentiel" + (
                    f", et {place.error}" if postal_code or name else ""
                )
            else:
                place.fixes.insert(0, f"code INSEE « {code} » inconnu : commune trouvée autrement")
            return place
        if not postal_code and not name:
            return Place(error="aucune commune : indiquez son code INSEE, son code postal ou son nom")
        return self._without_code(postal_code=postal_code, name=name, departement=departement)

    def _checked(self, resolved: ResolvedCommune, *, postal_code: str, name: str, departement: str) -> Place:
        commune = resolved.commune
        fixes = [resolved.fix] if resolved.fix else []
        if not name or self.name_matches(commune, name):
            if postal_code and self.serves(postal_code, commune) is False:
                fixes.append(f"le code postal {postal_code} ne dessert pas {commune.name} : à vérifier")
            return Place(commune, fixes)
        other = self._without_code(postal_code=postal_code, name=name, departement=departement)
        if other.commune is not None and other.commune.pk != commune.pk:
            fixes.append(
                f"le code INSEE {commune.code} désigne {commune.name}, pas « {name} » : commune retenue "
                f"d'après le code postal et le nom, {other.commune.name} ({other.commune.code})"
            )
            return Place(other.commune, fixes + other.fixes)
        if postal_code and self.serves(postal_code, commune):
            fixes.append(
                f"« {name} » n'est pas le nom de la commune du code INSEE {commune.code} ; le code postal "
                f"{postal_code} confirme {commune.name} (lieu-dit ou ancien nom ?)"
            )
            return Place(commune, fixes)
        where = f" (code postal {postal_code})" if postal_code else ""
        return Place(
            error=f"le code INSEE {commune.code} désigne {commune.name} ({_dep(commune)}), mais la commune "
            f"indiquée est « {name} »{where} : corrigez le code ou la commune"
        )

    def _without_code(self, *, postal_code: str, name: str, departement: str) -> Place:
        if postal_code:
            communes = self.communes_of_postal_code(postal_code)
            if len(communes) == 1:
                commune = communes[0]
                if name and not self.name_matches(commune, name):
                    return Place(commune, [f"« {name} » lu comme {commune.name} d'après le code postal"])
                return Place(commune)
            if communes:
                chosen = [c for c in communes if name and self.name_matches(c, name)]
                if len(chosen) == 1:
                    return Place(chosen[0])
                names = ", ".join(c.name for c in communes[:8])
                which = f" et « {name} » n'en désigne pas une seule" if name else ""
                return Place(
                    error=f"le code postal {postal_code} dessert plusieurs communes ({names}){which} : "
                    "précisez la commune ou son code INSEE"
                )
        if not name:
            return Place(error=f"code postal « {postal_code} » inconnu du référentiel")
        codes = departement_codes(departement) if departement else set()
        if not codes and postal_code:
            codes = departements_of_postal_code(postal_code)
        return self._by_name(name, codes)

    def _by_name(self, name: str, departements: set[str]) -> Place:
        key = place_key(name)
        candidates = self._named(key)
        fixes = []
        if not candidates:
            candidates = self._formerly_named(key)
            fixes = [f"« {name} » est une ancienne commune, aujourd'hui {c.name}" for c in candidates[:1]]
        if departements:
            candidates = [c for c in candidates if c.departement_id in {f"DEP-{d}" for d in departements}]
        if len(candidates) == 1:
            return Place(candidates[0], fixes)
        if not candidates:
            return Place(error=f"commune « {name} » introuvable dans le référentiel")
        where = ", ".join(sorted({(c.departement_id or "").removeprefix("DEP-") for c in candidates}))
        return Place(
            error=f"plusieurs communes s'appellent « {name} » (départements {where}) : indiquez le "
            "département, le code postal ou le code INSEE"
        )

    def _by_code(self, code: str) -> ResolvedCommune | None:
        if code not in self._codes:
            self._codes[code] = resolve_commune(code)
        return self._codes[code]

    def _named(self, key: str) -> list[Territory]:
        if key not in self._names:
            self._names[key] = list(
                Territory.objects.filter(level=Level.COMMUNE, is_current=True, search_name=key).order_by("id")
            )
        return self._names[key]

    def _formerly_named(self, key: str) -> list[Territory]:
        self._load_former_names()
        assert self._former_by_name is not None  # noqa: S101 (loaded just above)
        ids = self._former_by_name.get(key, [])
        return list(Territory.objects.filter(id__in=ids, is_current=True).order_by("id"))

    def communes_of_postal_code(self, postal_code: str) -> list[Territory]:
        """Return the current communes a postal code serves (arrondissements count as their commune)."""
        if postal_code not in self._postal:
            communes: dict[str, Territory] = {}
            for row in PostalCode.objects.filter(code=postal_code).select_related("commune__commune"):
                territory = row.commune
                if territory.level == Level.ARRONDISSEMENT and territory.commune is not None:
                    territory = territory.commune
                if territory.is_current:
                    communes[territory.pk] = territory
            self._postal[postal_code] = sorted(communes.values(), key=lambda c: c.pk)
        return self._postal[postal_code]

    def serves(self, postal_code: str, commune: Territory) -> bool | None:
        """Tell whether a postal code serves a commune; None when the referential does not know the code."""
        communes = self.communes_of_postal_code(postal_code)
        if not communes:
            return None
        return any(c.pk == commune.pk for c in communes)

    def name_matches(self, commune: Territory, name: str) -> bool:
        """Tell whether a name written in a file is this commune's, or one of its former communes'."""
        key = place_key(name)
        self._load_former_names()
        assert self._former_names is not None  # noqa: S101 (loaded just above)
        for known in [commune.name, *self._former_names.get(commune.pk, [])]:
            known_key = place_key(known)
            if key.replace(" ", "") == known_key.replace(" ", ""):  # "M tsamboro" is Mtsamboro
                return True
            # A prefix of a few letters is enough: "Montmoreau St Cybard" for "Montmoreau", or the reverse;
            # not a lone "Saint".
            shorter, longer = sorted((key, known_key), key=len)
            if len(shorter) >= MIN_PREFIX and f"{longer} ".startswith(f"{shorter} "):
                return True
        return False

    def _load_former_names(self) -> None:
        if self._former_names is not None:
            return
        self._former_names, self._former_by_name = {}, {}
        for commune_id, former in CommuneCode.objects.exclude(name="").values_list("commune_id", "name"):
            self._former_names.setdefault(commune_id, []).append(former)
            self._former_by_name.setdefault(place_key(former), []).append(commune_id)


def _dep(commune: Territory) -> str:
    return (commune.departement_id or "").removeprefix("DEP-")
