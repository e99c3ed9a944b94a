"""Reads of the calls that state their joins: the list, a call, an application, the committee's dashboard."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import Count, Q, QuerySet

from maillage.calls.conflicts import conflict_matrix, reviewer_structure_ids
from maillage.calls.enums import ApplicationState, CallStatus, Decision
from maillage.calls.models import Application, Assignment, Call, CommitteeMember, Criterion
from maillage.calls.scores import review_mean_spread
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.structures.models import Structure

SORTS = {"numero": "n° de candidature", "note": "note moyenne", "ecart": "écart entre évaluateurs"}


def published_calls() -> QuerySet[Call]:
    """Return the published calls, latest closing first, with their organisers and counts."""
    return (
        Call.objects.filter(status=CallStatus.PUBLISHED)
        .select_related("territory")
        .prefetch_related("organisers")
        .annotate(submitted=Count("applications", filter=Q(applications__state=ApplicationState.SUBMITTED)))
        .order_by("-closes_at", "pk")
    )


def call_for_page(slug: str) -> Call | None:
    return (
        Call.objects.filter(slug=slug)
        .select_related("territory")
        .prefetch_related("organisers", "disciplines", "questions", "criteria")
        .first()
    )


def application_for_page(pk: int) -> Application | None:
    return (
        Application.objects.filter(pk=pk)
        .select_related("call", "structure", "submitted_by")
        .prefetch_related("call__questions", "call__criteria")
        .first()
    )


def managed_structures(user: Any) -> QuerySet[Structure]:
    """Return the structures the person manages, those that may apply in their name."""
    if not user.is_authenticated:
        return Structure.objects.none()
    return Structure.objects.filter(memberships__user=user, memberships__role=MemberRole.MANAGER).order_by(
        "name"
    )


class Listed(NamedTuple):
    """What the dashboard shows of an application: no model instance built for each of a thousand."""

    pk: int
    title: str
    structure_id: int
    structure_name: str
    departement: str | None
    decision: str

    @property
    def decision_label(self) -> str:
        return str(DECISIONS.get(self.decision, self.decision))


DECISIONS = dict(Decision.choices)


class DashboardRow(NamedTuple):
    """One row drawn on the page: built for the hundred rows shown, not for every application."""

    application: Listed
    mean: float | None
    spread: float | None
    reviewers: list[tuple[str, bool]]  # (name, review given)

    @property
    def given(self) -> int:
        return sum(1 for _, done in self.reviewers if done)


@dataclass
class Workload:
    name: str
    assigned: int = 0
    given: int = 0


@dataclass
class Dashboard:
    call: Call
    criteria: list[Criterion]
    # Every visible application, sorted: the page slices it, then `rows` dresses the slice.
    applications: list[Listed]
    marks: dict[int, tuple[float, float]]  # application id → (mean, spread) out of 20
    # The assignments' (application id, reviewer id, review given) as read, for the rows shown.
    assignments: list[tuple[int, int, bool]]
    committee: dict[int, str]
    workloads: list[Workload]
    anonymised: bool
    complete: int = 0

    def rows(self, shown: Iterable[Listed]) -> list[DashboardRow]:
        """Return the rows of the applications shown, with their marks and reviewers."""
        reviewers: dict[int, list[tuple[str, bool]]] = {a.pk: [] for a in shown}
        for application_id, reviewer_id, done in self.assignments:
            if application_id in reviewers:
                reviewers[application_id].append((self.committee.get(reviewer_id, "Compte supprimé"), done))
        unmarked = (None, None)
        rows = []
        for a in shown:
            mean, spread = self.marks.get(a.pk, unmarked)
            rows.append(DashboardRow(a, mean, spread, reviewers[a.pk]))
        return rows


def _sort(applications: list[Listed], marks: dict[int, tuple[float, float]], sort: str) -> list[Listed]:
    if sort not in ("note", "ecart"):
        return applications  # read by number
    index = 0 if sort == "note" else 1
    # Unmarked applications last; among the marked, highest first; ties by number.
    ranked = sorted((a for a in applications if a.pk in marks), key=lambda a: (-marks[a.pk][index], a.pk))
    return ranked + [a for a in applications if a.pk not in marks]


def dashboard(call: Call, *, user: Any, full: bool, sort: str = "numero") -> Dashboard:
    """Return the review dashboard: every application for those who run the call, one's own for a reviewer.

    Five queries whatever the size: criteria, committee, applications, assignments, marks (plus the
    conflict sources' few queries when the viewer is a reviewer). Rows are tuples read as the database
    gives them; the page builds its hundred rows from them (`Dashboard.rows`).
    """
    criteria = list(call.criteria.all())
    committee = {
        pk: name or f"Évaluateur n° {pk}"
        for pk, name in CommitteeMember.objects.filter(call=call).values_list("user_id", "user__display_name")
    }
    applications = Application.objects.filter(call=call, state=ApplicationState.SUBMITTED)
    assignments = Assignment.objects.filter(application__call=call, withdrawn_at__isnull=True)
    if not full:
        assignments = assignments.filter(reviewer=user)
        applications = applications.filter(assignments__reviewer=user, assignments__withdrawn_at__isnull=True)
    read = [
        (application_id, reviewer_id, submitted_at is not None)
        for application_id, reviewer_id, submitted_at in assignments.values_list(
            "application_id", "reviewer_id", "submitted_at"
        )
    ]
    workloads = {pk: Workload(name) for pk, name in committee.items()}
    given: dict[int, int] = defaultdict(int)
    for application_id, reviewer_id, done in read:
        given[application_id] += done
        if reviewer_id in workloads:
            workloads[reviewer_id].assigned += 1
            workloads[reviewer_id].given += done
    listed = list(
        map(
            Listed._make,
            applications.order_by("pk").values_list(
                "pk",
                "title",
                "structure_id",
                "structure__name",
                "structure__commune__departement__name",
                "decision",
            ),
        )
    )
    if not full:
        # A reviewer never sees the applications they are in conflict with, even if assigned before.
        mine = reviewer_structure_ids(user)
        blocked = conflict_matrix({user.pk: mine}, {a.structure_id for a in listed}) if mine else {}
        declared = set(call_declared_conflicts(call, user))
        listed = [a for a in listed if (user.pk, a.structure_id) not in blocked and a.pk not in declared]
    marks = review_mean_spread(call, criteria)
    expected = call.reviews_per_application
    return Dashboard(
        call=call,
        criteria=criteria,
        applications=_sort(listed, marks, sort),
        marks=marks,
        assignments=read,
        committee=committee,
        workloads=list(workloads.values()) if full else [],
        anonymised=call.anonymised and not full,
        complete=sum(1 for a in listed if given.get(a.pk, 0) >= expected),
    )


def call_declared_conflicts(call: Call, user: Any) -> list[int]:
    """Return the applications of the call on which the person declared a conflict."""
    return list(
        call.applications.filter(conflicts_declared__reviewer=user).values_list("pk", flat=True).distinct()
    )


def assignable_reviewers(application: Application) -> list[tuple[Any, list[str]]]:
    """Return the committee's members with the conflicts each has with the applicant (empty: assignable)."""
    members = [
        m.user for m in CommitteeMember.objects.filter(call=application.call_id).select_related("user")
    ]
    structures: dict[int, set[int]] = {m.pk: set() for m in members}
    for user_id, structure_id in StructureMembership.objects.filter(user__in=members).values_list(
        "user_id", "structure_id"
    ):
        structures[user_id].add(structure_id)
    matrix = conflict_matrix(structures, [application.structure_id])
    declared = set(application.conflicts_declared.values_list("reviewer_id", flat=True))
    assigned = set(
        application.assignments.filter(withdrawn_at__isnull=True).values_list("reviewer_id", flat=True)
    )
    return [
        (
            member,
            matrix.get((member.pk, application.structure_id), [])
            + (["Conflit d'intérêts déclaré."] if member.pk in declared else []),
        )
        for member in members
        if member.pk not in assigned
    ]
