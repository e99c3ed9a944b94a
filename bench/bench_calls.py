"""Measure the calls' review: the committee's dashboard of 1,000 applications, conflicts of 1,000 by 50 pairs.

Data (written with the slug prefix below, deleted at the end): 1,000 applicant structures and 50 reviewers,
each member of a structure of their own; 2 networks and 2 PTCE with 40 members each, drawn among applicants
and reviewers' structures; 300 current relations (partner, co-production) between reviewers' structures
and applicants; one call with 3 weighted criteria, 1,000 submitted applications, 3 reviews each (3,000
assignments, 9,000 scores).

- As a worker (deploy/gunicorn.conf.py): once the app, the data and a first page are loaded, everything
  held is frozen (`gc.freeze()`), so that a full collection during a round walks only what requests made;
  each round still records whether a full collection ran. The same page is timed first without the
  freeze (what a process that never froze pays), in the same run.
- Dashboard: `GET /appels/<call>/comite/?tri=note` as an organiser (the whole table sorted by mean, first
  page of 100 rows rendered), 30 rounds after 3 warm-ups, wall and CPU p50/p95, statements per request.
  Target: p95 ≤ 200 ms, statements independent of the size. The selector alone (`dashboard`) is timed
  too: the page also pays the site's own costs (session, the moderation badge of the header, timed alone).
  Baseline in the same run: the same page for a call of 100 applications (what grows with the size).
- Conflicts: `conflict_matrix` for the 50 reviewers by 1,000 applicants, 10 rounds. Target ≤ 2 s.
  Baseline: the pair form (what an assignment asks, a few queries per pair) for 1,000 pairs, extrapolated
  to 50,000; both find the same conflicts on those pairs.
"""

from __future__ import annotations

import datetime
import gc
import os
import random
import time
from typing import Any

from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.accounts.models import User
from maillage.calls.conflicts import conflict_matrix, conflicts_for
from maillage.calls.enums import ApplicationState, CallStatus
from maillage.calls.models import Application, Assignment, Call, CommitteeMember, Criterion, Score
from maillage.calls.selectors import dashboard
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.structures.enums import RelationKind, StructureKind
from maillage.structures.models import Relation, Structure
from maillage.www.context_processors import moderation

PREFIX = "banc-essai-appels"
APPLICANTS = int(os.environ.get("BENCH_CALLS_APPLICANTS", "1000"))
REVIEWERS = 50
SMALL = 100
ROUNDS = 30
SEED = 1717
CRITERIA = (("Ancrage territorial", 3), ("Coopération", 2), ("Modèle économique", 1))


def _cleanup() -> None:
    calls = Call.objects.filter(slug__startswith=PREFIX)
    Score.objects.filter(assignment__application__call__in=calls).delete()
    Assignment.objects.filter(application__call__in=calls).delete()
    Application.objects.filter(call__in=calls).delete()
    calls.delete()
    User.objects.filter(email__startswith=PREFIX).delete()
    Structure.objects.filter(slug__startswith=PREFIX).delete()


def _call(name: str, organiser: Structure) -> Call:
    now = timezone.now()
    call = Call.objects.create(
        title=f"Banc d'essai {name}",
        slug=f"{PREFIX}-{name}",
        summary="Banc d'essai.",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
        review_until=now.date() + datetime.timedelta(days=10),
        decision_on=now.date() + datetime.timedelta(days=20),
        status=CallStatus.PUBLISHED,
    )
    call.organisers.add(organiser)
    Criterion.objects.bulk_create(
        Criterion(call=call, position=i, label=label, weight=weight)
        for i, (label, weight) in enumerate(CRITERIA)
    )
    return call


def _applications(call: Call, applicants: list[Structure], reviewers: list[User], rng: random.Random) -> None:
    now = timezone.now()
    made = Application.objects.bulk_create(
        (
            Application(
                call=call,
                structure=s,
                title=f"Projet {s.name}",
                state=ApplicationState.SUBMITTED,
                submitted_at=now,
                receipt=f"AAP-{i}",
                content_hash="0" * 64,
            )
            for i, s in enumerate(applicants)
        ),
        batch_size=1000,
    )
    assignments = Assignment.objects.bulk_create(
        (
            Assignment(application=a, reviewer=reviewers[(n + k) % len(reviewers)], submitted_at=now)
            for n, a in enumerate(made)
            for k in range(3)
        ),
        batch_size=2000,
    )
    criteria = list(call.criteria.all())
    Score.objects.bulk_create(
        (Score(assignment=a, criterion=c, value=rng.randrange(11)) for a in assignments for c in criteria),
        batch_size=3000,
    )
    CommitteeMember.objects.bulk_create(CommitteeMember(call=call, user=u) for u in reviewers)


@transaction.atomic
def _prepare(rng: random.Random) -> dict[str, Any]:
    structures = Structure.objects.bulk_create(
        (Structure(name=f"Banc appels {i}", slug=f"{PREFIX}-{i}") for i in range(APPLICANTS + REVIEWERS + 1)),
        batch_size=2000,
    )
    applicants, own, organiser = structures[:APPLICANTS], structures[APPLICANTS:-1], structures[-1]
    reviewers = User.objects.bulk_create(
        User(email=f"{PREFIX}-{i}@example.org") for i in range(REVIEWERS + 1)
    )
    StructureMembership.objects.bulk_create(
        [StructureMembership(user=u, structure=s) for u, s in zip(reviewers, own, strict=False)]
        + [StructureMembership(user=reviewers[-1], structure=organiser, role=MemberRole.MANAGER)]
    )
    collectives = Structure.objects.bulk_create(
        Structure(name=f"Collectif {i}", slug=f"{PREFIX}-c{i}", kind=kind)
        for i, kind in enumerate([StructureKind.NETWORK] * 2 + [StructureKind.PTCE_CLUSTER] * 2)
    )
    pool = applicants + own
    relations = [
        Relation(source=member, target=collective, kind=RelationKind.MEMBER_OF)
        for collective in collectives
        for member in rng.sample(pool, 40)
    ]
    kinds = (RelationKind.PARTNER, RelationKind.COPRODUCTION)
    relations += [
        Relation(source=rng.choice(own), target=rng.choice(applicants), kind=rng.choice(kinds))
        for _ in range(300)
    ]
    Relation.objects.bulk_create(relations, batch_size=2000)
    big, small = _call("grand", organiser), _call("petit", organiser)
    _applications(big, applicants, reviewers[:-1], rng)
    _applications(small, applicants[:SMALL], reviewers[:-1], rng)
    return {
        "big": big, "small": small, "organiser": reviewers[-1], "applicants": applicants,
        "reviewers": {u.pk: {s.pk} for u, s in zip(reviewers[:-1], own, strict=True)},
    }  # fmt: skip


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))], 1)


def _timed(call: Any, rounds: int, warm: int = 3) -> dict[str, Any]:
    for _ in range(warm):
        call()
    walls, cpus, collecting = [], [], []
    # Rounds during which Python's full (generation 2) collection ran: in a long bench process holding the
    # generated data, that pause lands on whichever request triggers it, as it would in a worker.
    full_collections = [0]

    def count(phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and info.get("generation") == 2:
            full_collections[0] += 1

    gc.callbacks.append(count)
    try:
        for _ in range(rounds):
            before = full_collections[0]
            start, cpu = time.perf_counter(), time.process_time()
            call()
            walls.append((time.perf_counter() - start) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            collecting.append(full_collections[0] > before)
    finally:
        gc.callbacks.remove(count)
    calm = [wall for wall, collected in zip(walls, collecting, strict=True) if not collected] or walls
    return {
        "p50_ms": _percentile(walls, 0.5), "p95_ms": _percentile(walls, 0.95),
        "cpu_p50_ms": _percentile(cpus, 0.5), "cpu_p95_ms": _percentile(cpus, 0.95),
        "rounds_with_full_gc": sum(collecting),
        "full_gc_rounds_ms": [round(w, 1) for w, c in zip(walls, collecting, strict=True) if c],
        "p95_ms_without_full_gc_rounds": _percentile(calm, 0.95),
        "rounds_ms": [round(wall, 1) for wall in walls],
    }  # fmt: skip


def _freeze_as_a_worker(client: Client, call: Call) -> int:
    """Freeze what is loaded, as deploy/gunicorn.conf.py has a worker do once it has loaded the app.

    One request first, so that the URLs, templates and caches a worker holds after its first page are
    loaded too; the generated data the bench keeps are frozen with them (a worker does not hold them).
    """
    client.get(f"/appels/{call.slug}/comite/?tri=note")
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def _badge(user: User) -> None:
    """Compute the header's moderation badge as a page of a logged-in person does (a fresh request)."""
    request = RequestFactory().get("/")
    request.user = user
    moderation(request)["moderation_pending"]()


def _dashboard(client: Client, call: Call) -> dict[str, Any]:
    url = f"/appels/{call.slug}/comite/?tri=note"

    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code  # noqa: S101 (a bench, not production)

    with CaptureQueriesContext(connection) as captured:
        get()
    return {"statements": len(captured.captured_queries), **_timed(get, ROUNDS)}


def _conflicts(data: dict[str, Any]) -> dict[str, Any]:
    reviewers, applicant_ids = data["reviewers"], [s.pk for s in data["applicants"]]
    found = conflict_matrix(reviewers, applicant_ids)
    timing = _timed(lambda: conflict_matrix(reviewers, applicant_ids), rounds=10, warm=1)
    sample = [(r, a) for r in list(reviewers)[:10] for a in applicant_ids[:100]]
    start = time.perf_counter()
    pairs = {(r, a): conflicts_for(reviewers[r], a) for r, a in sample}
    per_pair_ms = (time.perf_counter() - start) * 1000 / len(sample)
    assert all(pairs[p] == found.get(p, []) for p in sample)  # noqa: S101 (both forms agree)
    return {
        "pairs": len(reviewers) * len(applicant_ids),
        "pairs_in_conflict": len(found),
        "matrix": timing,
        "baseline_pair_by_pair_ms_per_pair": round(per_pair_ms, 2),
        "baseline_pair_by_pair_extrapolated_s": round(
            per_pair_ms * len(reviewers) * len(applicant_ids) / 1000, 1
        ),
    }


def run() -> dict[str, Any]:
    """Build the calls, time the dashboard and the conflict detection, then delete what was written."""
    rng = random.Random(SEED)  # noqa: S311 (reproducible test data, not security)
    _cleanup()
    figures: dict[str, Any] = {"load_average_before": os.getloadavg(), "applications": APPLICANTS}
    try:
        began = time.perf_counter()
        data = _prepare(rng)
        figures["prepare_s"] = round(time.perf_counter() - began, 1)
        client = Client()
        client.force_login(data["organiser"])
        # Same run, before the freeze: what a process that never froze its loaded objects pays.
        figures["dashboard_before_freeze"] = _dashboard(client, data["big"])
        figures["frozen_objects"] = _freeze_as_a_worker(client, data["big"])
        figures["dashboard"] = _dashboard(client, data["big"])
        figures["baseline_dashboard_100_applications"] = _dashboard(client, data["small"])
        organiser, big = data["organiser"], data["big"]
        figures["dashboard_selector_alone"] = _timed(
            lambda: dashboard(big, user=organiser, full=True, sort="note"), ROUNDS
        )
        figures["header_moderation_badge"] = _timed(lambda: _badge(organiser), ROUNDS)
        figures["conflicts"] = _conflicts(data)
    finally:
        gc.unfreeze()
        _cleanup()
    figures["load_average_after"] = os.getloadavg()
    return figures
