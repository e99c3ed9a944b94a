"""Who may do what to a case, registered with `memberships.rules.can` (confidential by default).

- the officers (chargé·es d'accompagnement) of the case's body: everything;
- the managers of a beneficiary structure: read their case, diagnostic included;
- the staff of a body the case is shared with, until the share is revoked: read, the diagnostic and the
  situations only under a full share;
- a consultant (prestataire): the actions given to him, never the case nor its diagnostic;
- the resource centre: the figures of every body, never a case unless shared;
- the site's administrators: everything (`can` answers for them).
"""

from __future__ import annotations

from typing import Any

from maillage.accompaniment.enums import CaseAction, ShareScope, StaffRole
from maillage.accompaniment.models import Body, BodyStaff, Case, Intervention, Share
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership


def _active(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_officer(user: Any, body_id: int) -> bool:
    """Tell whether the user is an officer of the body."""
    return BodyStaff.objects.filter(user=user, body_id=body_id, role=StaffRole.OFFICER).exists()


def is_resource_centre(user: Any) -> bool:
    """Tell whether the user holds the resource centre's role on some body."""
    return BodyStaff.objects.filter(user=user, role=StaffRole.RESOURCE_CENTRE).exists()


def manages_beneficiary(user: Any, case: Case) -> bool:
    """Tell whether the user manages one of the case's beneficiary structures."""
    return StructureMembership.objects.filter(
        user=user, role=MemberRole.MANAGER, structure__accompaniment_cases=case
    ).exists()


def live_share(user: Any, case: Case) -> Share | None:
    """Return the live share through which the user's body sees the case, the widest first."""
    shares = Share.objects.filter(case=case, revoked_at__isnull=True, grantee__staff__user=user)
    return shares.order_by("scope").first()  # "full" sorts before "summary"


def case_rule(user: Any, action: str, case: Case) -> bool:
    """Decide an action on a case: see the module's docstring."""
    if not _active(user):
        return False
    if is_officer(user, case.body_id):
        return True
    if action not in (CaseAction.VIEW, CaseAction.VIEW_DIAGNOSTIC):
        return False
    if manages_beneficiary(user, case):
        return True
    share = live_share(user, case)
    if share is None:
        return False
    return action == CaseAction.VIEW or share.scope == ShareScope.FULL


def intervention_rule(user: Any, action: str, intervention: Intervention) -> bool:
    """Its consultant reads an action; the case's readers read it; the body's officers change it."""
    if not _active(user):
        return False
    if action == "view":
        if intervention.consultant_id is not None and intervention.consultant_id == user.pk:
            return True
        return case_rule(user, CaseAction.VIEW, intervention.case)
    return is_officer(user, intervention.case.body_id)


def body_rule(user: Any, action: str, body: Body) -> bool:
    """A body is public; its officers open cases and read its figures, as the resource centre does."""
    if action == "view":
        return True
    if not _active(user):
        return False
    if action == "open_case":
        return is_officer(user, body.pk)
    if action == "view_figures":
        return is_officer(user, body.pk) or is_resource_centre(user)
    return False


def reads_from_outside(user: Any, case: Case) -> str:
    """Return what the user is to the case when outside its body (for the access log), "" from inside."""
    if is_officer(user, case.body_id):
        return ""
    if manages_beneficiary(user, case):
        return "gestionnaire d'une structure accompagnée"
    share = live_share(user, case)
    if share is not None:
        return f"partage avec {share.grantee.structure.name}"
    if Intervention.objects.filter(case=case, consultant=user).exists():
        return "prestataire d'une action"
    if user.is_superuser:
        return "administration du site"
    return "autre"
