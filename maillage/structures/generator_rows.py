"""Draw generated structures row by row from a seeded random generator: names, places, families, networks."""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils.text import slugify

from maillage.search.normalize import search_key
from maillage.structures.derivation import structure_search_fields
from maillage.structures.enums import COOPERATIVE_FAMILIES, Activity, DatePrecision, EssFamily, StructureKind
from maillage.structures.generated import GENERATED_LABEL, GENERATED_SOURCE, SOURCE_ID_PREFIX
from maillage.structures.generator_french import a, acronym_of, de
from maillage.structures.generator_places import CommunePoint, Places
from maillage.structures.generator_templates import (
    CULTURAL_TEMPLATES,
    FAMILY_NAMES,
    NATIONAL_NETWORK_NAMES,
    NETWORK_DOMAINS,
    NETWORK_NAMES,
    OTHER_KIND_TEMPLATES,
    Template,
)
from maillage.structures.generator_vocabulary import (
    ACTIVITY_WORDS,
    DECLARED,
    FAMILY_WEIGHTS,
    HEADCOUNT_WEIGHTS,
    KIND_WEIGHTS,
    LEGAL_CODES,
    PHRASES,
)
from maillage.structures.legal_categories import ess_family_resolve, is_ess_for, legal_category_label
from maillage.structures.models import Discipline, Structure
from maillage.structures.naf import naf_label

DEFAULT_BATCH = 5_000
SLUG_LENGTH = Structure._meta.get_field("slug").max_length or 220

# Dates are drawn up to this year, not today's, so that a seed gives the same rows every year.
LAST_YEAR = 2025
NETWORK_SHARE = 0.01
MEMBER_SHARE = 0.30
ENDED_MEMBERSHIP_SHARE = 0.06
CLOSED_SHARE = 0.05
DESCRIPTION_SHARE = 0.6
ACRONYM_SHARE = 0.08
# Half-widths of the jitter around the commune's point, in degrees (about 1 km).
JITTER_LAT = 0.009
JITTER_LON = 0.013
# Alsace-Moselle: associations there are "de droit local" (9260).
LOCAL_LAW_DEPARTEMENTS = frozenset({"DEP-57", "DEP-67", "DEP-68"})


class GenerationError(ValueError):
    """The generator cannot run: no commune in the referential, rows of this seed already there…"""


@dataclass
class GeneratedRow:
    """A structure drawn, with its disciplines, its activities and its membership of a network, if any."""

    structure: Structure
    disciplines: list[Discipline]
    activities: list[Activity]
    network_index: int | None = None  # membership of the network generated at that index
    membership_start: datetime.date | None = None
    membership_end: datetime.date | None = None


@dataclass
class _Network:
    index: int
    region_id: str
    national: bool
    structure: Structure | None = None


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


class StructureGenerator:
    """Draws rows one by one from a seeded random generator; `generator.generate_structures` writes them."""

    def __init__(self, *, count: int, seed: int, batch: int = DEFAULT_BATCH) -> None:
        if count < 1:
            raise GenerationError("Le nombre de structures doit être positif.")
        if batch < 1:
            raise GenerationError("La taille des lots doit être positive.")
        self.count = count
        self.seed = seed
        self.batch = batch
        self.rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
        self.network_count = max(1, round(count * NETWORK_SHARE)) if count >= 20 else 0
        self.networks: list[_Network] = []
        self._by_region: dict[str, tuple[list[_Network], list[float]]] = {}
        self._all_networks: tuple[list[_Network], list[float]] = ([], [])

    # Drawing ----------------------------------------------------------------------------------------

    def _load(self) -> None:
        self.places = Places.load()
        if not self.places.communes:
            raise GenerationError(
                "Aucune commune avec un point dans le référentiel : lancez d'abord import_territoires."
            )
        disciplines = list(Discipline.objects.select_related("parent").order_by("slug"))
        if not disciplines:
            raise GenerationError("Aucune discipline : appliquez les migrations (structures 0002).")
        self.disciplines = {d.slug: d for d in disciplines}

    def _commune(self) -> CommunePoint:
        places = self.places
        target = self.rng.random() * places.cum_weights[-1]
        return places.communes[min(bisect.bisect_right(places.cum_weights, target), len(places.communes) - 1)]

    def _phrase(self) -> str:
        return self.rng.choice(PHRASES)

    def _fill(self, pattern: str, commune: CommunePoint, **extra: str) -> str:
        name = commune.territory.name
        region = self.places.region_names.get(commune.region_id, "France")
        departement = self.places.departement_names.get(commune.departement_id, name)
        values = {
            "phrase": self._phrase(),
            "commune": name,
            "de_commune": de(name),
            "a_commune": a(name),
            "region": region,
            "departement": departement,
            **extra,
        }
        text = pattern.format(**values)
        return " ".join(text.split())

    def _pick_disciplines(self, candidates: Sequence[str]) -> list[Discipline]:
        known = [slug for slug in candidates if slug in self.disciplines] or sorted(self.disciplines)
        first = self.rng.choice(known)
        chosen = [first]
        if self.rng.random() < 0.35:
            second = self.rng.choice(sorted(self.disciplines))
            if second != first:
                chosen.append(second)
        # In the disciplines' own order, as the services read them back (search fields follow it).
        return sorted((self.disciplines[slug] for slug in chosen), key=lambda d: (d.position, d.name))

    def _legal(self, kind: str, commune: CommunePoint) -> tuple[str, str, bool | None]:
        """Return (legal category code, declared family, SIRENE's ESS flag)."""
        drawn = _weighted(self.rng, FAMILY_WEIGHTS[kind])
        table = drawn
        if drawn == EssFamily.ASSOCIATION and commune.departement_id in LOCAL_LAW_DEPARTEMENTS:
            table = "association_local_law"
        code = _weighted(self.rng, LEGAL_CODES[table])
        declared = drawn if drawn in DECLARED else ""
        if drawn == EssFamily.ESUS_COMPANY or drawn in DECLARED:
            flag: bool | None = True
        elif drawn == EssFamily.OTHER:
            flag = False if self.rng.random() < 0.7 else None
        else:
            flag = None
        return code, declared, flag

    def _headcount_band(self, n: int) -> str:
        # A stream of its own per row, so that adding the band did not change the other draws of a seed.
        return _weighted(random.Random(f"{self.seed}-{n}-band"), HEADCOUNT_WEIGHTS)  # noqa: S311 (not secret)

    def _dates(self) -> tuple[datetime.date, str]:
        rng = self.rng
        year = max(1901, LAST_YEAR - int(rng.expovariate(1 / 14)))
        if rng.random() < 0.7:
            return datetime.date(year, 1, 1), DatePrecision.YEAR
        return datetime.date(year, rng.randint(1, 12), 1), DatePrecision.MONTH

    def _description(self, template: Template, commune: CommunePoint, activities: Sequence[Activity]) -> str:
        verb = self.rng.choice(
            ("implantée", "installée", "basée", "active")
            if template.feminine
            else ("implanté", "installé", "basé", "actif")
        )
        what = template.what
        words = [ACTIVITY_WORDS[activity] for activity in activities]
        listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]
        return f"{what[0].upper()}{what[1:]} {verb} {a(commune.territory.name)} : {listed}."

    def _network_row(self, index: int, n: int) -> GeneratedRow:
        rng = self.rng
        national = rng.random() < 0.2
        commune = self._commune()
        domain, slugs = rng.choice(NETWORK_DOMAINS)
        pattern = rng.choice(NATIONAL_NETWORK_NAMES if national else NETWORK_NAMES)
        name = self._fill(pattern, commune, domain=domain)
        template = Template(
            (), f"réseau des {domain}", slugs, ("94.99Z",), (Activity.SUPPORT, Activity.MEDIATION)
        )
        row = self._row(n, StructureKind.NETWORK, name, template, commune)
        self.networks.append(
            _Network(index=index, region_id=commune.region_id, national=national, structure=row.structure)
        )
        return row

    def _cultural_or_other_row(self, n: int) -> GeneratedRow:
        rng = self.rng
        kind = _weighted(rng, KIND_WEIGHTS)
        commune = self._commune()
        if kind == StructureKind.CULTURAL:
            template = rng.choices(CULTURAL_TEMPLATES, weights=[t.weight for t in CULTURAL_TEMPLATES])[0]
        else:
            template = OTHER_KIND_TEMPLATES[kind]
        name = self._fill(rng.choice(template.names), commune)
        row = self._row(n, kind, name, template, commune)
        if self.networks and rng.random() < MEMBER_SHARE:
            self._add_membership(row, commune)
        return row

    def _row(self, n: int, kind: str, name: str, template: Template, commune: CommunePoint) -> GeneratedRow:
        rng = self.rng
        code, declared, flag = self._legal(kind, commune)
        family = ess_family_resolve(legal_category_code=code, sirene_ess_flag=flag, declared=declared)
        # Companies and foundations say what they are; many cooperatives keep a company's name.
        if (
            kind == StructureKind.CULTURAL
            and family in FAMILY_NAMES
            and (family not in COOPERATIVE_FAMILIES or rng.random() < 0.6)
        ):
            name = self._fill(rng.choice(FAMILY_NAMES[family]), commune)
        naf = rng.choice(template.naf)
        activities = sorted(
            set(rng.sample(template.activities, k=min(len(template.activities), rng.randint(1, 3))))
        )
        founded_on, precision = self._dates()
        is_active = rng.random() >= CLOSED_SHARE
        closed_on = None
        if not is_active and rng.random() < 0.9:
            closed_on = datetime.date(
                rng.randint(founded_on.year, LAST_YEAR), rng.randint(1, 12), rng.randint(1, 28)
            )
        structure = Structure(
            name=name,
            acronym=acronym_of(name) if rng.random() < ACRONYM_SHARE else "",
            slug=self._slug(name, n),
            description=(
                self._description(template, commune, activities) if rng.random() < DESCRIPTION_SHARE else ""
            ),
            legal_category_code=code,
            legal_category_label=legal_category_label(code),
            ess_family=family,
            is_ess=is_ess_for(family, flag),
            naf_code=naf,
            naf_label=naf_label(naf),
            kind=kind,
            postal_code=commune.postal_code,
            commune=commune.territory,
            latitude=round(commune.latitude + rng.uniform(-JITTER_LAT, JITTER_LAT), 6),
            longitude=round(commune.longitude + rng.uniform(-JITTER_LON, JITTER_LON), 6),
            founded_on=founded_on,
            founded_on_precision=precision,
            is_active=is_active,
            closed_on=closed_on,
            headcount_band=self._headcount_band(n),
            source=GENERATED_SOURCE,
            source_id=f"{SOURCE_ID_PREFIX}{self.seed}-{n}",
            source_label=GENERATED_LABEL,
        )
        disciplines = self._pick_disciplines(template.disciplines)
        structure_search_fields(structure, disciplines, [])
        return GeneratedRow(structure=structure, disciplines=disciplines, activities=activities)

    def _slug(self, name: str, n: int) -> str:
        # The seed and the number make it unique without a query; "g" keeps it apart from real slugs.
        suffix = f"-g{self.seed}-{n}"
        return slugify(search_key(name))[: SLUG_LENGTH - len(suffix)].strip("-") + suffix

    def _network_weights(self) -> None:
        """Make a few networks large and most small (a Zipf-like law), each region's and all of them."""

        def weighted(networks: list[_Network]) -> tuple[list[_Network], list[float]]:
            return networks, list(
                itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(networks)))
            )

        by_region: dict[str, list[_Network]] = {}
        for network in self.networks:
            if not network.national:
                by_region.setdefault(network.region_id, []).append(network)
        self._by_region = {region: weighted(nets) for region, nets in by_region.items()}
        self._all_networks = weighted(self.networks)

    def _add_membership(self, row: GeneratedRow, commune: CommunePoint) -> None:
        rng = self.rng
        networks, cum = self._all_networks
        if commune.region_id in self._by_region and rng.random() < 0.7:
            networks, cum = self._by_region[commune.region_id]
        network = networks[min(bisect.bisect_right(cum, rng.random() * cum[-1]), len(networks) - 1)]
        founded = row.structure.founded_on or datetime.date(LAST_YEAR, 1, 1)
        row.network_index = network.index
        row.membership_start = datetime.date(rng.randint(founded.year, LAST_YEAR), 1, 1)
        if rng.random() < ENDED_MEMBERSHIP_SHARE:
            row.membership_end = datetime.date(rng.randint(row.membership_start.year, LAST_YEAR), 12, 31)

    def draw(self) -> Iterator[list[GeneratedRow]]:
        """Yield the rows in batches, networks first (members refer to them by index)."""
        self._load()
        batch: list[GeneratedRow] = []
        for n in range(1, self.count + 1):
            if n <= self.network_count:
                batch.append(self._network_row(n - 1, n))
                if n == self.network_count:
                    self._network_weights()
            else:
                batch.append(self._cultural_or_other_row(n))
            if len(batch) == self.batch:
                yield batch
                batch = []
        if batch:
            yield batch
