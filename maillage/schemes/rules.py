"""Who may do what to a scheme: its porteurs' managers edit it, their moderators publish it (ADR 4)."""

from __future__ import annotations

from typing import Any

from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.memberships.rules import moderated_structures
from maillage.schemes.enums import SchemeStatus
from maillage.schemes.models import Scheme

VIEW, EDIT, SUBMIT, MODERATE = "view", "edit", "submit", "moderate"


def _porteur_ids(scheme: Scheme) -> list[int]:
    return [p.structure_id for p in scheme.porteurs.all() if p.structure_id is not None]


def manages_porteur(user: Any, scheme: Scheme) -> bool:
    """Tell whether the user manages a structure of the directory that carries the scheme."""
    ids = _porteur_ids(scheme)
    return (
        bool(ids)
        and StructureMembership.objects.filter(
            user=user, structure_id__in=ids, role=MemberRole.MANAGER
        ).exists()
    )


def moderates_porteur(user: Any, scheme: Scheme) -> bool:
    """Tell whether the user moderates a porteur of the scheme, as a network or territory coordinator."""
    ids = _porteur_ids(scheme)
    return bool(ids) and moderated_structures(user).filter(pk__in=ids).exists()


def scheme_rule(user: Any, action: str, scheme: Scheme) -> bool:
    """Decide an action on a scheme (superusers are let through by `can` itself)."""
    public = (
        scheme.status in {SchemeStatus.PUBLISHED, SchemeStatus.CLOSED} and not scheme.retired_from_source_at
    )
    if action == VIEW and public:
        return True
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if action in {VIEW, EDIT, SUBMIT}:
        return manages_porteur(user, scheme) or moderates_porteur(user, scheme)
    if action == MODERATE:
        return moderates_porteur(user, scheme)
    return False
