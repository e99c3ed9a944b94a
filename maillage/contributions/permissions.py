"""Who decides a contribution: the rule for one request and the same rule as a query for the queue.

Built on memberships.rules (the one place for permissions on records):
- an edit is decided by the structure's moderators (network and territory coordinators) and managers;
- a claim is decided by the structure's managers, or by its moderators when it has none;
- a creation is decided by the territory coordinators of the proposed commune;
- an administrator decides everything.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.contributions.models import ChangeRequest
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership, TerritoryCoordinator
from maillage.memberships.rules import member_role, moderated_structures, moderates
from maillage.territories.models import TerritoryCommune


def may_decide(user: Any, request: ChangeRequest) -> bool:
    """Tell whether the user may accept or refuse this request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if request.kind == RequestKind.CREATE:
        return (
            request.commune_id is not None
            and coordinated_communes(user).filter(commune_id=request.commune_id).exists()
        )
    structure = request.structure
    if structure is None:
        return False
    is_manager = member_role(user, structure) == MemberRole.MANAGER
    if request.kind == RequestKind.CLAIM:
        if has_managers(structure.pk):
            return is_manager
        return moderates(user, structure)
    return is_manager or moderates(user, structure)


def may_view(user: Any, request: ChangeRequest) -> bool:
    """Tell whether the user may read the request: its author or one who decides it."""
    if user.is_authenticated and request.author_id == user.pk:
        return True
    return may_decide(user, request)


def has_managers(structure_id: int) -> bool:
    """Tell whether the structure has a manager."""
    return StructureMembership.objects.filter(structure_id=structure_id, role=MemberRole.MANAGER).exists()


def coordinated_communes(user: Any) -> QuerySet[TerritoryCommune]:
    """Return the closure rows of the communes in the user's coordinated territories."""
    territories = TerritoryCoordinator.objects.filter(user=user).values("territory_id")
    return TerritoryCommune.objects.filter(territory_id__in=territories)


def decidable_requests(user: Any) -> QuerySet[ChangeRequest]:
    """Return the pending requests the user may decide, by the same rule as may_decide."""
    pending = ChangeRequest.objects.filter(status=RequestStatus.PENDING)
    if not user.is_authenticated or not user.is_active:
        return pending.none()
    if user.is_superuser:
        return pending
    managed = StructureMembership.objects.filter(user=user, role=MemberRole.MANAGER).values("structure_id")
    moderated = moderated_structures(user).values("pk")
    any_manager = StructureMembership.objects.filter(
        structure_id=OuterRef("structure_id"), role=MemberRole.MANAGER
    )
    communes = coordinated_communes(user).values("commune_id")
    return pending.annotate(structure_has_managers=Exists(any_manager)).filter(
        Q(kind=RequestKind.EDIT, structure_id__in=managed)
        | Q(kind=RequestKind.EDIT, structure_id__in=moderated)
        | Q(kind=RequestKind.CLAIM, structure_has_managers=True, structure_id__in=managed)
        | Q(kind=RequestKind.CLAIM, structure_has_managers=False, structure_id__in=moderated)
        | Q(kind=RequestKind.CREATE, commune_id__in=communes)
    )
