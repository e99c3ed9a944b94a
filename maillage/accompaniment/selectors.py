"""Reads of accompaniment: an officer's workspace, a case with its contents, what a person may read."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from maillage.accompaniment.enums import Phase, StaffRole
from maillage.accompaniment.models import Body, BodyStaff, Case, Checkpoint, Intervention, Share
from maillage.memberships.enums import MemberRole

IDLE_DAYS = 90


def officer_bodies(user: Any) -> QuerySet[Body]:
    """Return the bodies the user is an officer of."""
    return Body.objects.filter(staff__user=user, staff__role=StaffRole.OFFICER).select_related("structure")


def workspace_cases(user: Any) -> QuerySet[Case]:
    """Return the cases the user is the officer of, still open, with what the workspace lists."""
    return (
        Case.objects.filter(officer=user)
        .exclude(phase=Phase.CLOSED)
        .only("pk", "title", "phase", "last_activity_at", "opened_on", "body_id", "version")
        .order_by("-last_activity_at", "-pk")
    )


def cases_by_phase(user: Any, limit: int = 50) -> list[tuple[str, str, int, list[Case]]]:
    """Return (phase, label, count, first cases) for each open phase of the user's cases."""
    counts = dict(
        workspace_cases(user).order_by().values_list("phase").annotate(n=_count()).values_list("phase", "n")
    )
    groups = []
    for phase in Phase:
        if phase == Phase.CLOSED:
            continue
        first = list(workspace_cases(user).filter(phase=phase)[:limit]) if counts.get(phase) else []
        groups.append((phase.value, str(phase.label), counts.get(phase, 0), first))
    return groups


def _count() -> Any:
    from django.db.models import Count  # noqa: PLC0415 (kept beside its only use)

    return Count("pk")


def month_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day of today's month."""
    first = today.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def checkpoints_due(user: Any, today: datetime.date | None = None) -> QuerySet[Checkpoint]:
    """Return the user's checkpoints not done and due by the end of this month (overdue ones included)."""
    _, last = month_bounds(today or timezone.localdate())
    return (
        Checkpoint.objects.filter(case__officer=user, done_on__isnull=True, due_on__lte=last)
        .exclude(case__phase=Phase.CLOSED)
        .select_related("case")
        .order_by("due_on", "pk")
    )


def upcoming_checkpoints(user: Any) -> QuerySet[Checkpoint]:
    """Return every checkpoint not done of the user's open cases (the calendar export)."""
    return (
        Checkpoint.objects.filter(case__officer=user, done_on__isnull=True)
        .exclude(case__phase=Phase.CLOSED)
        .select_related("case__body__structure")
        .order_by("due_on", "pk")
    )


def idle_cases(user: Any, now: datetime.datetime | None = None) -> QuerySet[Case]:
    """Return the user's open cases without any activity for IDLE_DAYS days."""
    since = (now or timezone.now()) - datetime.timedelta(days=IDLE_DAYS)
    return workspace_cases(user).filter(last_activity_at__lt=since).order_by("last_activity_at", "pk")


def case_get(pk: int) -> Case:
    """Return a case with its body, officer, beneficiaries and phase contents, in bounded queries."""
    return (
        Case.objects.select_related("body__structure", "officer")
        .prefetch_related(
            "beneficiaries",
            "needs",
            "proposed_schemes",
            "checkpoints",
            Prefetch("interventions", queryset=Intervention.objects.prefetch_related("structures")),
            "situations__structure",
            Prefetch("shares", queryset=Share.objects.select_related("grantee__structure")),
            "access_log__user",
        )
        .get(pk=pk)
    )


def readable_cases(user: Any) -> QuerySet[Case]:
    """Return the cases the user may read: as officer of their body, manager of a beneficiary, or shared."""
    if user.is_superuser:
        return Case.objects.all()
    # Three small id sets OR-ed, rather than one OR over joins that would walk every case.
    bodies = BodyStaff.objects.filter(user=user, role=StaffRole.OFFICER).values("body_id")
    managed = Case.beneficiaries.through.objects.filter(
        structure__memberships__user=user, structure__memberships__role=MemberRole.MANAGER
    ).values("case_id")
    shared = Share.objects.filter(revoked_at__isnull=True, grantee__staff__user=user).values("case_id")
    return Case.objects.filter(Q(body_id__in=bodies) | Q(pk__in=managed) | Q(pk__in=shared))


def consultant_actions(user: Any) -> QuerySet[Intervention]:
    """Return the actions given to the user as consultant, with their case's title and body."""
    return (
        Intervention.objects.filter(consultant=user)
        .select_related("case__body__structure")
        .prefetch_related("structures")
        .order_by("-starts_on", "pk")
    )


def bodies_by_name(limit: int = 200) -> list[Body]:
    """Return the bodies with their structure, by name, in two statements (bodies, then their structures).

    Not a join ordered by the structure's name: SQLite, lacking statistics on the young bodies table,
    drove that join from the 200,000 structures and took 50 ms for twenty bodies.
    """
    bodies = list(Body.objects.order_by().prefetch_related("structure"))
    bodies.sort(key=lambda body: (body.structure.name.casefold(), body.pk))
    return bodies[:limit]
