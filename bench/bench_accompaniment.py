"""Measure the officer's workspace with 2,000 cases and the sector figures of France with 50,000 cases.

Generated data (seed 2026, everything named « … générée n », structures' and bodies' slugs `bench-accomp-`,
cases' source « bench-accompagnement »): 20 bodies, 10,000 beneficiary structures, 50,000 cases spread over
the régions of the referential and five years, 1 to 3 needs each; one officer holds 2,000 of them with two
checkpoints each, a few due this month. Timed through the test client (middleware, rendering included):
GET /accompagnements/ as the officer and GET /accompagnements/chiffres/ as the resource centre (figures
kept in the cache until a case changes), p50/p95 over ROUNDS requests, with the SQL statements of one request,
the France page read right after a case write (the write's background task has put them back in the
cache; the test settings run it at once), and the France figures computed without the cache (what a
reader who comes before the task waits for). Baseline in the same
run: the figures' ESS family and discipline breakdowns read through the beneficiaries' joins (COUNT
DISTINCT) instead of the copies kept on the case, and the France figures' statements as they were before
the needs' copy on the case (COUNT DISTINCT per breakdown, every need row joined to its case).
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.accompaniment.enums import BodyKind, Phase, StaffRole
from maillage.accompaniment.figures import figures as figures_of
from maillage.accompaniment.models import Body, BodyStaff, Case, CaseNeed, Checkpoint
from maillage.accompaniment.warm import figures_changed
from maillage.schemes.needs import need_labels
from maillage.structures.enums import EssFamily, StructureKind
from maillage.structures.models import Discipline, Structure
from maillage.territories.enums import Level
from maillage.territories.models import Territory

TARGET = int(os.environ.get("BENCH_ACCOMP_CASES", "50000"))
OFFICER_CASES = 2_000
STRUCTURES = 10_000
BODIES = 20
SEED = 2026
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
SOURCE = "bench-accompagnement"
OFFICER = "bench-accomp-officer@example.org"
CENTRE = "bench-accomp-centre@example.org"


def _user(email: str) -> Any:
    user, _ = get_user_model().objects.get_or_create(
        email=email, defaults={"display_name": email.split("@")[0]}
    )
    return user


def _ensure_data() -> dict[str, Any]:
    existing = Case.objects.filter(source_label=SOURCE).count()
    if existing >= TARGET:
        return {"cases": existing, "generated_now": 0}
    started = time.perf_counter()
    rng = random.Random(SEED)  # noqa: S311 (test data)
    regions = list(Territory.objects.filter(level=Level.REGION, is_current=True).values_list("id", flat=True))
    if not regions:
        raise SystemExit("Le référentiel territorial est vide : lancez `make db` d'abord.")
    disciplines: list[int | None] = [*Discipline.objects.values_list("pk", flat=True)] or [None]
    needs = list(need_labels())
    families = [f for f in EssFamily.values if f != EssFamily.UNKNOWN]
    today = timezone.localdate()
    with transaction.atomic():
        Case.objects.filter(source_label=SOURCE).delete()
        Body.objects.filter(structure__slug__startswith="bench-accomp-").delete()
        Structure.objects.filter(slug__startswith="bench-accomp-").delete()
        officer, centre = _user(OFFICER), _user(CENTRE)
        bodies = []
        for n in range(BODIES):
            name = f"Structure d'accompagnement générée {n}"
            s = Structure.objects.create(name=name, slug=f"bench-accomp-body-{n}", kind=StructureKind.DLA)
            bodies.append(Body.objects.create(structure=s, kind=BodyKind.DLA_DEPARTEMENTAL))
        BodyStaff.objects.create(body=bodies[0], user=officer, role=StaffRole.OFFICER)
        BodyStaff.objects.create(body=bodies[1], user=centre, role=StaffRole.RESOURCE_CENTRE)
        Structure.objects.bulk_create(
            [
                Structure(
                    name=f"Structure générée {n}", slug=f"bench-accomp-s-{n}", ess_family=rng.choice(families)
                )
                for n in range(STRUCTURES)
            ],
            batch_size=2000,
        )
        structures = list(
            Structure.objects.filter(slug__startswith="bench-accomp-s-").values_list("pk", "ess_family")
        )
        phases = list(Phase.values)
        cases = []
        for n in range(TARGET):
            mine = n < OFFICER_CASES
            year = 2022 + rng.randrange(5)
            phase = rng.choice(phases[:-1] if mine else phases)
            cases.append(
                Case(
                    body=bodies[0] if mine else rng.choice(bodies), officer=officer if mine else None,
                    title=f"Accompagnement généré {n}", phase=phase,
                    close_reason="completed" if phase == Phase.CLOSED else "",
                    opened_on=datetime.date(year, 1 + rng.randrange(12), 1),
                    last_activity_at=timezone.now() - datetime.timedelta(days=rng.randrange(200)),
                    year=year, region_id=rng.choice(regions), ess_family=rng.choice(families),
                    discipline_id=rng.choice(disciplines), structures_count=1,
                    days_total=Decimal(rng.randrange(1, 20)), cost_total=Decimal(rng.randrange(500, 15000)),
                    source_label=SOURCE,
                )
            )  # fmt: skip
        Case.objects.bulk_create(cases, batch_size=2000)
        ids = list(Case.objects.filter(source_label=SOURCE).order_by("pk").values_list("pk", "officer_id"))
        Case.beneficiaries.through.objects.bulk_create(
            [Case.beneficiaries.through(case_id=pk, structure_id=rng.choice(structures)[0]) for pk, _ in ids],
            batch_size=5000,
        )
        CaseNeed.objects.bulk_create(
            [
                CaseNeed(case_id=pk, need=need)
                for pk, _ in ids
                for need in rng.sample(needs, rng.randrange(1, 4))
            ],
            batch_size=5000,
        )
        _copy_needs()
        Checkpoint.objects.bulk_create(
            [
                Checkpoint(
                    case_id=pk, months=m, due_on=today + datetime.timedelta(days=rng.randrange(-20, 500))
                )
                for pk, officer_id in ids
                if officer_id
                for m in (12, 18)
            ],
            batch_size=5000,
        )
    return {"cases": TARGET, "generated_now": TARGET, "generation_s": round(time.perf_counter() - started, 1)}


def _copy_needs() -> None:
    """Copy each generated case's needs on it, as `case_diagnose` does (`Case.needs_key`)."""
    found: dict[int, list[str]] = {}
    rows = CaseNeed.objects.filter(case__source_label=SOURCE).order_by("case_id", "need")
    for case_id, need in rows.values_list("case_id", "need").iterator():
        found.setdefault(case_id, []).append(need)
    keys: dict[str, list[int]] = {}
    for case_id, needs in found.items():
        keys.setdefault(",".join(needs), []).append(case_id)
    for key, ids in keys.items():
        for start in range(0, len(ids), 500):
            Case.objects.filter(pk__in=ids[start : start + 500]).update(needs_key=key)


def _timings(call: Callable[[], Any], rounds: int = ROUNDS) -> dict[str, float]:
    call()
    durations = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        durations.append(time.perf_counter() - start)
    return _summary(durations)


def _summary(durations: list[float]) -> dict[str, float]:
    durations = sorted(durations)
    return {
        "p50_ms": round(statistics.median(durations) * 1000, 1),
        "p95_ms": round(durations[max(0, int(len(durations) * 0.95) - 1)] * 1000, 1),
        "max_ms": round(durations[-1] * 1000, 1),
    }


def _get(client: Client, url: str) -> Callable[[], None]:
    def call() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code  # noqa: S101 (a bench, not production)

    return call


def _statements(call: Callable[[], None]) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def _baseline_joins() -> None:
    """The ESS family and discipline breakdowns through the beneficiaries' joins, as a first version would."""
    cases = Case.objects.filter(source_label=SOURCE)
    list(
        cases.values("beneficiaries__ess_family").annotate(n=Count("pk", distinct=True), d=Sum("days_total"))
    )
    list(
        cases.values("beneficiaries__disciplines").annotate(n=Count("pk", distinct=True), d=Sum("days_total"))
    )


def _denormalised() -> None:
    """The same two breakdowns on the copies kept on the case."""
    cases = Case.objects.filter(source_label=SOURCE).order_by()
    list(cases.values("ess_family").annotate(n=Count("pk"), d=Sum("days_total")))
    list(cases.values("discipline").annotate(n=Count("pk"), d=Sum("days_total")))


def _first_reads_after_writes(client: Client, rounds: int) -> dict[str, float]:
    """Time the France page read right after each of `rounds` case writes (their task run first)."""
    page = _get(client, "/accompagnements/chiffres/")
    body = Body.objects.filter(structure__slug="bench-accomp-body-0").values_list("pk", flat=True).first()
    durations = []
    for _ in range(rounds + 1):
        # As after a case's commit; the test settings run the queued task at once (ImmediateBackend).
        figures_changed(body_id=body)
        start = time.perf_counter()
        page()
        durations.append(time.perf_counter() - start)
    return _summary(durations[1:])


def _baseline_previous_statements() -> None:
    """The France figures' statements before the needs' copy: COUNT(DISTINCT) GROUP BYs, needs joined."""
    cases = Case.objects.order_by()
    sums = {"structures": Sum("structures_count"), "days": Sum("days_total"), "cost": Sum("cost_total")}
    cases.aggregate(cases=Count("pk"), **sums)
    for column in ("region", "discipline", "ess_family", "close_reason", "year"):
        list(cases.values_list(column).annotate(cases=Count("pk", distinct=True), **sums))
    list(
        CaseNeed.objects.values_list("need").annotate(
            cases=Count("case_id", distinct=True), structures=Sum("case__structures_count"),
            days=Sum("case__days_total"), cost=Sum("case__cost_total"),
        )
    )  # fmt: skip


def figures_of_france() -> None:
    """Compute the France figures without the cache: what the first reader after a write waits for."""
    figures_of()


def run() -> dict[str, Any]:
    """Generate the cases if needed, then time the workspace and the France figures, beside the baseline."""
    figures: dict[str, Any] = {"data": _ensure_data(), "load_average_before": os.getloadavg()}
    officer, centre = Client(), Client()
    officer.force_login(_user(OFFICER))
    centre.force_login(_user(CENTRE))
    workspace = _get(officer, "/accompagnements/")
    france = _get(centre, "/accompagnements/chiffres/")
    figures["workspace_2000_cases"] = {
        **_timings(workspace),
        "statements_per_request": _statements(workspace),
    }
    figures["figures_france"] = {**_timings(france), "statements_per_request": _statements(france)}
    figures["figures_france_first_read_after_a_write"] = _first_reads_after_writes(centre, ROUNDS)
    figures["figures_france_uncached"] = _timings(figures_of_france, rounds=ROUNDS)
    figures["baseline_previous_statements_uncached"] = _timings(_baseline_previous_statements, rounds=ROUNDS)
    figures["breakdowns_on_case_copies"] = _timings(_denormalised)
    figures["baseline_breakdowns_through_joins"] = _timings(_baseline_joins, rounds=5)
    figures["load_average_after"] = os.getloadavg()
    return figures
