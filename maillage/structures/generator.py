"""Generate a realistic, reproducible directory of structures, for benchmarks and demonstrations.

`generate_structures --count 200000 --seed 1` places structures in the real communes of the referential,
weighted by population, with names built from the vocabulary of the cultural field, ESS families and legal
categories in plausible proportions, disciplines, NAF codes, activities, closures and memberships of
networks. The same seed and count give the same rows (ids and timestamps aside).

Generated rows are recognisable and removable: `source` is NETWORK_FILE, `source_id` is
`gen-<seed>-<n>` and `source_label` is GENERATED_LABEL. They never carry a SIRET, an e-mail, a telephone
or a web address: made-up identifiers would pass as real ones.

Rows are written with bulk_create in batches inside one transaction; the search fields are computed by
`structure_search_fields`, the very function the services use, so generated structures are found exactly
as real ones.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.text import slugify

from maillage.search.normalize import search_key
from maillage.structures.derivation import structure_search_fields
from maillage.structures.enums import (
    COOPERATIVE_FAMILIES,
    Activity,
    DataSource,
    DatePrecision,
    EssFamily,
    RelationKind,
    StructureKind,
)
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
from maillage.structures.models import Discipline, Relation, Structure, StructureActivity
from maillage.structures.naf import naf_label
from maillage.territories.enums import Level
from maillage.territories.models import PostalCode, Territory

GENERATED_SOURCE = DataSource.NETWORK_FILE
GENERATED_LABEL = "Jeu de données généré (maillage generate_structures)"
SOURCE_ID_PREFIX = "gen-"
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

ProgressCallback = Callable[[str], None]


class GenerationError(ValueError):
    """The generator cannot run: no commune in the referential, rows of this seed already there…"""


# --- Reading the referential --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Commune:
    territory: Territory  # only id, name and level loaded: enough for the search fields
    latitude: float
    longitude: float
    region_id: str
    departement_id: str
    postal_code: str


@dataclass
class _Places:
    communes: list[_Commune]
    cum_weights: list[float]
    region_names: dict[str, str]
    departement_names: dict[str, str]

    @classmethod
    def load(cls) -> _Places:
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
        communes: list[_Commune] = []
        weights: list[float] = []
        for commune_id, name, population, latitude, longitude, region_id, departement_id in rows:
            if latitude is None or longitude is None:
                continue
            communes.append(
                _Commune(
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
        if not communes:
            raise GenerationError(
                "Aucune commune avec un point dans le référentiel : lancez d'abord import_territoires."
            )
        return cls(
            communes=communes,
            cum_weights=list(itertools.accumulate(weights)),
            region_names={k: v for k, v in names.items() if k.startswith("REG-")},
            departement_names={k: v for k, v in names.items() if k.startswith("DEP-")},
        )


# --- French helpers ----------------------------------------------------------------------------------

_VOWELS = frozenset("aeiouyhâàéèêëîïôöûüœAEIOUYHÂÀÉÈÊËÎÏÔÖÛÜŒ")


def de(name: str) -> str:
    """Return "de Lyon", "d'Angers", "du Havre", "des Sables-d'Olonne", "de la Rochelle"."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name.startswith(("La ", "L'")):
        return "de " + name[0].lower() + name[1:]
    if name[:1] in _VOWELS:
        return "d'" + name
    return "de " + name


def a(name: str) -> str:
    """Return "à Lyon", "au Havre", "aux Mureaux", "à la Rochelle"."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    if name.startswith(("La ", "L'")):
        return "à " + name[0].lower() + name[1:]
    return "à " + name


def grouped(number: int) -> str:
    """Return 200 000 for 200000, as French readers group thousands."""
    return f"{number:,}".replace(",", " ")


def _acronym(name: str) -> str:
    letters = [w[0] for w in search_key(name).split() if len(w) > 2 and w not in {"les", "des", "pour"}]
    return "".join(letters).upper()[:8] if len(letters) >= 2 else ""


# --- The generator -----------------------------------------------------------------------------------


@dataclass
class GenerationSummary:
    seed: int
    structures: int = 0
    networks: int = 0
    memberships: int = 0
    discipline_links: int = 0
    activities: int = 0
    closed: int = 0
    families: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """Describe the run in French."""

        def shares(counter: Counter[str], labels: dict[str, str]) -> str:
            total = max(sum(counter.values()), 1)
            return ", ".join(
                f"{labels.get(key, key)} {100 * n / total:.1f} %" for key, n in counter.most_common()
            )

        return [
            f"Jeu généré (graine {self.seed}) : {grouped(self.structures)} structures "
            f"en {self.seconds:.1f} s",
            f"  Réseaux : {self.networks}, adhésions : {self.memberships}, fermées : {self.closed}",
            f"  Liens aux disciplines : {self.discipline_links}, activités : {self.activities}",
            f"  Familles : {shares(self.families, dict(EssFamily.choices))}",
            f"  Types : {shares(self.kinds, dict(StructureKind.choices))}",
        ]


@dataclass
class _Row:
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
    """Draws rows one by one from a seeded random generator; `run()` writes them."""

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
        self.places = _Places.load()
        disciplines = list(Discipline.objects.select_related("parent").order_by("slug"))
        if not disciplines:
            raise GenerationError("Aucune discipline : appliquez les migrations (structures 0002).")
        self.disciplines = {d.slug: d for d in disciplines}

    def _commune(self) -> _Commune:
        places = self.places
        target = self.rng.random() * places.cum_weights[-1]
        return places.communes[min(bisect.bisect_right(places.cum_weights, target), len(places.communes) - 1)]

    def _phrase(self) -> str:
        return self.rng.choice(PHRASES)

    def _fill(self, pattern: str, commune: _Commune, **extra: str) -> str:
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

    def _legal(self, kind: str, commune: _Commune) -> tuple[str, str, bool | None]:
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

    def _description(self, template: Template, commune: _Commune, activities: Sequence[Activity]) -> str:
        verb = self.rng.choice(
            ("implantée", "installée", "basée", "active")
            if template.feminine
            else ("implanté", "installé", "basé", "actif")
        )
        what = template.what
        words = [ACTIVITY_WORDS[activity] for activity in activities]
        listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]
        return f"{what[0].upper()}{what[1:]} {verb} {a(commune.territory.name)} : {listed}."

    def _network_row(self, index: int, n: int) -> _Row:
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

    def _cultural_or_other_row(self, n: int) -> _Row:
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

    def _row(self, n: int, kind: str, name: str, template: Template, commune: _Commune) -> _Row:
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
            acronym=_acronym(name) if rng.random() < ACRONYM_SHARE else "",
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
        return _Row(structure=structure, disciplines=disciplines, activities=activities)

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

    def _add_membership(self, row: _Row, commune: _Commune) -> None:
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

    def draw(self) -> Iterator[list[_Row]]:
        """Yield the rows in batches, networks first (members refer to them by index)."""
        self._load()
        batch: list[_Row] = []
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

    # Writing ----------------------------------------------------------------------------------------

    @transaction.atomic
    def run(self, progress: ProgressCallback | None = None) -> GenerationSummary:
        """Write the rows batch by batch in one transaction and return what was created."""
        started = time.monotonic()
        if generated_structures(self.seed).exists():
            raise GenerationError(
                f"Des structures de la graine {self.seed} existent déjà : supprimez-les avec --delete "
                "ou choisissez une autre graine."
            )
        summary = GenerationSummary(seed=self.seed)
        through = Structure.disciplines.through
        for rows in self.draw():
            Structure.objects.bulk_create([row.structure for row in rows])
            through.objects.bulk_create(
                [
                    through(structure_id=row.structure.pk, discipline_id=d.pk)
                    for row in rows
                    for d in row.disciplines
                ]
            )
            StructureActivity.objects.bulk_create(
                [
                    StructureActivity(structure_id=row.structure.pk, activity=act)
                    for row in rows
                    for act in row.activities
                ]
            )
            relations = [self._membership(row) for row in rows if row.network_index is not None]
            Relation.objects.bulk_create(relations)
            for row in rows:
                summary.families[row.structure.ess_family] += 1
                summary.kinds[row.structure.kind] += 1
                summary.closed += not row.structure.is_active
                summary.discipline_links += len(row.disciplines)
                summary.activities += len(row.activities)
            summary.structures += len(rows)
            summary.memberships += len(relations)
            if progress is not None:
                elapsed = time.monotonic() - started
                progress(
                    f"  {grouped(summary.structures):>9} / {grouped(self.count)} structures "
                    f"({100 * summary.structures / self.count:.0f} %) — {elapsed:.1f} s"
                )
        if connection.vendor == "postgresql":
            # The planner's statistics would still describe the tables before the load.
            with connection.cursor() as cursor:
                for model in (Structure, Structure.disciplines.through, StructureActivity, Relation):
                    cursor.execute(f"ANALYZE {model._meta.db_table}")
        summary.networks = len(self.networks)
        summary.seconds = time.monotonic() - started
        return summary

    def _membership(self, row: _Row) -> Relation:
        assert row.network_index is not None  # noqa: S101 (filtered by the caller)
        network = self.networks[row.network_index].structure
        return Relation(
            source_id=row.structure.pk,
            target=network,
            kind=RelationKind.MEMBER_OF,
            start_date=row.membership_start,
            end_date=row.membership_end,
            date_precision=DatePrecision.YEAR,
            source_label=GENERATED_LABEL,
        )


def generated_structures(seed: int | None = None) -> QuerySet[Structure]:
    """Return the generated structures, of one seed or of all."""
    prefix = f"{SOURCE_ID_PREFIX}{seed}-" if seed is not None else SOURCE_ID_PREFIX
    return Structure.objects.filter(
        source=GENERATED_SOURCE, source_label=GENERATED_LABEL, source_id__startswith=prefix
    )


def generate_structures(
    *, count: int, seed: int, batch: int = DEFAULT_BATCH, progress: ProgressCallback | None = None
) -> GenerationSummary:
    """Generate `count` structures from `seed` (see the module's docstring)."""
    return StructureGenerator(count=count, seed=seed, batch=batch).run(progress)


@transaction.atomic
def delete_generated_structures(*, seed: int | None = None) -> int:
    """Delete the generated structures (of one seed, or all) with their links; return how many."""
    structures = generated_structures(seed)
    ids = structures.values("pk")
    # Dependants first, in set-based statements: the ORM's collector would load every row.
    Relation.objects.filter(source_id__in=ids).delete()
    Relation.objects.filter(target_id__in=ids).delete()
    Structure.disciplines.through.objects.filter(structure_id__in=ids).delete()
    StructureActivity.objects.filter(structure_id__in=ids).delete()
    deleted, _ = structures.only("pk").delete()
    return deleted
