"""Measure the schemes' matching: 5,000 schemes for one structure, one new scheme for 200,000 structures.

- `match_structure` (the explanation page's engine: candidates reaching the commune read as plain rows,
  each criterion judged once per distinct requirement) for a structure of Saint-Étienne, p50/p95 of wall
  and CPU time over 20 rounds; goal ≤ 100 ms. Baselines in the same run: the previous algorithm (one
  model instance per candidate, every criterion of every candidate judged), kept below and checked to
  give the same matches, verdicts and count of refused schemes; and the candidate query alone.
- `structures_for_scheme` (who a new scheme may suit, for alerts) for a regional scheme with typed
  criteria over the whole directory, counted and its ids read; goal ≤ 30 s. Baseline: counting the
  structures of its area.

Data: 5,000 schemes faithful to Etalab's schema (professionnels variant: areas drawn among France, the
régions, départements and communes; typed criteria drawn or left empty), written once with source
"bench_schemes"; the generated structures of bench_observatory (200,000, seed 2026).
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time
import uuid
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bench import bench_observatory as observatory
from maillage.schemes.criteria import NOT_MET, UNKNOWN, criteria
from maillage.schemes.enums import Instrument, SchemeStatus, Variant
from maillage.schemes.matching import (
    ELIGIBLE,
    GROUP_LABELS,
    NEAR_MISS,
    TO_CONFIRM,
    candidates,
    declared_needs,
    match_structure,
    scheme_disciplines,
)
from maillage.schemes.models import Scheme, SchemePorteur, SchemeTag, SchemeTerritory
from maillage.schemes.needs import need_labels
from maillage.schemes.reach import structures_for_scheme
from maillage.schemes.services import TAGGED, scheme_refresh
from maillage.structures.models import Structure
from maillage.territories.enums import Level
from maillage.territories.models import Territory, TerritoryCommune

SOURCE = "bench_schemes"
SCHEMES = 5_000
SEED = 14
ROUNDS = 20
NEEDS = (
    "emploi",
    "formation",
    "financement",
    "locaux",
    "cooperation",
    "numerique",
    "gouvernance",
    "benevolat",
)
FORMS = ("Association", "SARL", "SAS", "SA", "EI", "SCA")


def _timings(call: Any, rounds: int = ROUNDS) -> dict[str, float]:
    """Return wall and CPU times (ms): on a shared machine the wall time waits for a core, CPU time less."""
    call()
    walls, cpus = [], []
    for _ in range(rounds):
        start, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    walls.sort()
    cpus.sort()
    at95 = max(0, round(0.95 * rounds) - 1)
    return {
        "p50_ms": round(statistics.median(walls), 1),
        "p95_ms": round(walls[at95], 1),
        "max_ms": round(walls[-1], 1),
        "cpu_p50_ms": round(statistics.median(cpus), 1),
        "cpu_p95_ms": round(cpus[at95], 1),
    }


def _seconds(call: Any, rounds: int = 3) -> list[float]:
    """Return the wall time of each of a few runs, in seconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append(round(time.perf_counter() - start, 3))
    return times


def previous_match_structure(structure: Structure) -> tuple[list[tuple[Any, ...]], int]:
    """Match as the first version did: a model instance per candidate, every criterion judged each time."""
    now, today = timezone.now(), timezone.localdate()
    context: dict[str, Any] = {"disciplines": set(structure.disciplines.values_list("pk", flat=True))}
    needs = declared_needs(structure)
    matches, refused = [], 0
    schemes = list(candidates(structure, now=now))
    context["scheme_disciplines"] = scheme_disciplines([s.pk for s in schemes])
    for scheme in schemes:
        verdicts = criteria(scheme, structure, today, context)
        missed = [v for v in verdicts if v.state == NOT_MET]
        if not missed:
            group = TO_CONFIRM if any(v.state == UNKNOWN for v in verdicts) else ELIGIBLE
        elif len(missed) == 1:
            group = NEAR_MISS
        else:
            refused += 1
            continue
        answered = [need_labels()[n] for n in scheme.needs if n in needs and n in need_labels()]
        matches.append((scheme.pk, group, verdicts, answered))
    order = list(GROUP_LABELS)
    matches.sort(key=lambda m: (order.index(m[1]), not m[3]))
    return matches, refused


def _same_as_previous(structure: Structure) -> bool:
    """Check that both algorithms list the same schemes, in the same order, with the same verdicts."""
    matching = match_structure(structure)
    now = [(m.scheme.pk, m.group, m.verdicts, m.needs) for m in matching.matches]
    return (now, matching.not_eligible) == previous_match_structure(structure)


@transaction.atomic
def ensure_schemes() -> dict[str, Any]:
    """Write 5,000 schemes once: areas of every level, criteria drawn, as an import would."""
    if Scheme.objects.filter(source=SOURCE).count() == SCHEMES:
        return {"generated_now": False}
    start = time.perf_counter()
    Scheme.objects.filter(source=SOURCE).delete()
    rng = random.Random(SEED)  # noqa: S311 (test data)
    areas = {
        Level.PAYS: ["PAYS-99100"],
        Level.REGION: list(Territory.objects.filter(level=Level.REGION).values_list("pk", flat=True)),
        Level.DEPARTEMENT: list(
            Territory.objects.filter(level=Level.DEPARTEMENT).values_list("pk", flat=True)
        ),
        Level.COMMUNE: list(
            Territory.objects.filter(level=Level.COMMUNE).values_list("pk", flat=True)[:3000]
        ),
    }
    now = timezone.now()
    schemes = []
    for n in range(SCHEMES):
        level = rng.choices(list(areas), weights=(2, 3, 4, 3))[0]
        codes = [rng.choice(areas[level])]
        exclusions = (
            [rng.choice(areas[Level.DEPARTEMENT])]
            if level in (Level.PAYS, Level.REGION) and rng.random() < 0.2
            else []
        )
        low = rng.choice([None, None, 1, 3, 10])
        schemes.append(
            Scheme(
                uid=uuid.UUID(int=rng.getrandbits(128)),
                variant=Variant.PROFESSIONNELS,
                title=f"Dispositif d'appui n° {n}",
                promise="Développez votre structure culturelle avec un appui adapté",
                description="Appui aux structures culturelles de l'ESS. " * 5,
                eligibility="• Être une structure de l'ESS\n• Avoir un projet culturel",
                aid_types=rng.sample(["financement", "accompagnement", "information", "ingenierie"], 2),
                targets=rng.choice(
                    [["associations"], ["associations", "professionnels"], ["professionnels"]]
                ),
                geo_codes=codes,
                geo_exclusions=exclusions,
                opens_at=now - datetime.timedelta(days=rng.randint(0, 300)),
                closes_at=rng.choice([None, now + datetime.timedelta(days=rng.randint(1, 400))]),
                source_updated_at=now,
                headcount_min=low,
                headcount_max=rng.choice([None, None, 49, 249]),
                min_years=rng.choice([None, None, 1, 2, 3]),
                legal_forms=rng.choice([[], [], list(FORMS[:3])]),
                sectors=["culture"],
                naf_codes=rng.choice([[], ["R"], ["90", "91"]]),
                needs=rng.sample(NEEDS, 2),
                instruments=rng.choice([[], [Instrument.LOAN], [Instrument.GUARANTEE]]),
                status=SchemeStatus.PUBLISHED,
                source=SOURCE,
                source_date=now.date(),
            )
        )
    Scheme.objects.bulk_create(schemes, batch_size=500)
    created = list(Scheme.objects.filter(source=SOURCE))
    SchemePorteur.objects.bulk_create(
        [SchemePorteur(scheme=s, name="Région", roles=["financeur"]) for s in created], batch_size=1000
    )
    SchemeTerritory.objects.bulk_create(
        [SchemeTerritory(scheme=s, territory_id=c, excluded=False) for s in created for c in s.geo_codes]
        + [
            SchemeTerritory(scheme=s, territory_id=c, excluded=True)
            for s in created
            for c in s.geo_exclusions
        ],
        batch_size=1000,
    )
    SchemeTag.objects.bulk_create(
        [
            SchemeTag(scheme=s, kind=k, value=v)
            for s in created
            for f, k in TAGGED.items()
            for v in getattr(s, f)
        ],
        batch_size=2000,
    )
    # The size of each area, for the narrowest-first order: one count per distinct territory.
    counts: dict[str, int] = {}
    for scheme in created:
        code = scheme.geo_codes[0]
        if code not in counts:
            counts[code] = TerritoryCommune.objects.filter(territory_id=code).count()
        Scheme.objects.filter(pk=scheme.pk).update(area_communes=counts[code])
    return {"generated_now": True, "generation_s": round(time.perf_counter() - start, 1)}


def _check_elsewhere(count: int = 20) -> dict[str, int]:
    """Compare both algorithms on published structures of the Loire whose criteria's values are known."""
    structures = (
        Structure.objects.published()
        .filter(commune__departement_id="DEP-42", founded_on__isnull=False)
        .exclude(legal_category_code="")
        .order_by("pk")[:count]
    )
    same = sum(_same_as_previous(s) for s in structures)
    return {"checked": len(structures), "same": same}


def run() -> dict[str, Any]:
    """Prepare the data if needed, then time both matchings and their baselines."""
    if Territory.objects.filter(level=Level.COMMUNE).count() < 30_000:
        raise SystemExit("bench_schemes needs the whole referential: manage.py import_territoires")
    figures: dict[str, Any] = {"schemes": ensure_schemes(), "structures": observatory.ensure_structures()}
    figures["load_average_before"] = os.getloadavg()
    structure = (
        Structure.objects.published().filter(commune_id="COM-42218").first() or Structure.objects.first()
    )
    if structure is None:
        raise SystemExit("bench_schemes needs structures")
    now = timezone.now()
    matching = match_structure(structure)
    figures["one_structure"] = {
        "structure": structure.pk,
        "structure_commune": structure.commune_id,
        "published_schemes": Scheme.objects.visible().count(),
        "candidates": candidates(structure, now=now).count(),
        "listed": len(matching.matches),
        "refused": matching.not_eligible,
        "same_as_previous": _same_as_previous(structure),
        # The same check on other records, whose known values make other verdicts (and near misses).
        "same_as_previous_elsewhere": _check_elsewhere(),
        "match_structure": _timings(lambda: match_structure(structure)),
        "baseline_previous_algorithm": _timings(lambda: previous_match_structure(structure)),
        "baseline_candidate_query": _timings(lambda: list(candidates(structure, now=now).values_list("pk"))),
        "goal_ms": 100,
    }
    scheme = (
        Scheme.objects.filter(source=SOURCE, geo_codes=["REG-84"]).first()
        or Scheme.objects.filter(source=SOURCE).first()
    )
    if scheme is None:
        raise SystemExit("bench_schemes: no scheme generated")
    scheme_refresh(scheme=scheme)
    Scheme.objects.filter(pk=scheme.pk).update(
        min_years=2, headcount_min=1, legal_forms=["Association", "SARL"]
    )
    scheme.refresh_from_db()
    area_ids = TerritoryCommune.objects.filter(territory_id__in=scheme.geo_codes).values("commune_id")
    active = Structure.objects.published().filter(is_active=True)
    suited, ids = 0, []

    def count() -> None:
        nonlocal suited
        suited = structures_for_scheme(scheme).count()

    def read_ids() -> None:
        nonlocal ids
        ids = list(structures_for_scheme(scheme).values_list("pk", flat=True))

    figures["one_new_scheme"] = {
        "structures": Structure.objects.count(),
        "scheme_area": scheme.geo_codes,
        "structures_for_scheme_count_s": _seconds(count),
        "suited": suited,
        "structures_for_scheme_ids_s": _seconds(read_ids),
        "ids_read": len(ids),
        # The area condition as the first version wrote it: a structure or its commune's commune.
        "baseline_previous_area_condition_s": _seconds(
            lambda: active.filter(Q(commune_id__in=area_ids) | Q(commune__commune_id__in=area_ids)).count()
        ),
        "baseline_area_count_s": _seconds(lambda: Structure.objects.filter(commune_id__in=area_ids).count()),
        "goal_s": 30,
    }
    figures["load_average_after"] = os.getloadavg()
    return figures
