"""Who may do what in a call: organisers' managers run it, the committee reviews, applicants' managers apply.

A reviewer in conflict of interest with an applicant (derived from the graph, or declared) is refused
the application altogether: `can` answers no, and pages answer 403.
"""

from __future__ import annotations

from typing import Any

from maillage.calls.conflicts import reviewer_conflicts
from maillage.calls.enums import CallStatus, CommitteeRole
from maillage.calls.models import Application, Call, CommitteeMember
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership

VIEW = "view"
MANAGE = "manage_call"
REVIEW_CALL = "review_call"
DELIBERATE = "deliberate_call"
EDIT = "edit_application"
REVIEW = "review_application"
DECIDE = "decide_application"


def manages(user: Any, structure_ids: list[int]) -> bool:
    """Tell whether the user manages one of these structures."""
    return StructureMembership.objects.filter(
        user=user, structure_id__in=structure_ids, role=MemberRole.MANAGER
    ).exists()


def organises(user: Any, call: Call) -> bool:
    """Tell whether the user manages one of the call's organisers (remembered on the call)."""
    memo = call.__dict__.setdefault("_organises", {})
    if user.pk not in memo:
        organisers = list(call.organisers.values_list("pk", flat=True))
        memo[user.pk] = bool(organisers) and manages(user, organisers)
    return bool(memo[user.pk])


def committee_role(user: Any, call: Call) -> str | None:
    """Return the user's role on the call's committee, or None."""
    memo = call.__dict__.setdefault("_committee", {})
    if user.pk not in memo:
        memo[user.pk] = (
            CommitteeMember.objects.filter(call=call, user=user).values_list("role", flat=True).first()
        )
    return memo[user.pk]


def call_rule(user: Any, action: str, call: Call) -> bool:
    """Decide an action on a call (`can` lets superusers through and anonymous people only view)."""
    if action == VIEW and call.status == CallStatus.PUBLISHED:
        return True
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or organises(user, call):
        return action in {VIEW, MANAGE, REVIEW_CALL, DELIBERATE}
    role = committee_role(user, call)
    if role is None:
        return False
    if action in {VIEW, REVIEW_CALL}:
        return True
    return action == DELIBERATE and role == CommitteeRole.CHAIR


def is_assigned(user: Any, application: Application) -> bool:
    return application.assignments.filter(reviewer=user, withdrawn_at__isnull=True).exists()


def application_rule(user: Any, action: str, application: Application) -> bool:
    """Decide an action on an application (its structure's managers, the call's people, its reviewers)."""
    if user is None or not user.is_authenticated:
        return False
    call = application.call
    deliberates = user.is_staff or call_rule(user, DELIBERATE, call)
    if action == DECIDE:
        return deliberates
    applicant = manages(user, [application.structure_id])
    if action == EDIT:
        return applicant
    if action == VIEW and (applicant or deliberates):
        return True
    if action not in {VIEW, REVIEW}:
        return False
    # A reviewer: assigned, and in no conflict of interest with the applicant.
    return is_assigned(user, application) and not reviewer_conflicts(user, application)
