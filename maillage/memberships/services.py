"""Writes of roles: every grant and removal goes through here and leaves a line in the role log.

The rule that keeps a structure in its people's hands lives here too: a manager is removed or demoted
only by the structure's managers or by the site's staff, and the last manager only by the staff, so a
coordinator (whose perimeter a stranger's declaration might once have opened) never takes a record over.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from maillage.memberships.enums import MemberRole, RoleChange, RoleKind
from maillage.memberships.grants import role_granted
from maillage.memberships.models import (
    NetworkCoordinator,
    RoleEvent,
    StructureMembership,
    TerritoryCoordinator,
)
from maillage.structures.models import Structure
from maillage.territories.models import Territory

LAST_MANAGER = (
    "Vous retireriez le dernier gestionnaire de la structure : nommez d'abord un autre gestionnaire "
    "(seule l'équipe du site peut retirer le dernier)."
)
MANAGERS_ONLY = "Seuls les gestionnaires de la structure et l'équipe du site retirent un gestionnaire."


def is_staff(user: Any) -> bool:
    """Tell whether the user belongs to the site's team (administration)."""
    return bool(user is not None and user.is_authenticated and (user.is_staff or user.is_superuser))


def _actor_role(actor: Any, structure: Structure | None) -> str:
    if actor is None:
        return "système"
    if actor.is_superuser or actor.is_staff:
        return "administration"
    if structure is not None:
        role = (
            StructureMembership.objects.filter(user=actor, structure=structure)
            .values_list("role", flat=True)
            .first()
        )
        if role is not None:
            return str(MemberRole(role).label).lower()
    return "coordination"


def role_event_record(
    *,
    person: Any,
    role: str,
    change: str,
    structure: Structure | None = None,
    territory: Territory | None = None,
    actor: Any = None,
    reason: str = "",
    site_url: str = "",
) -> RoleEvent:
    """Write one line of the role log; a grant is told to the grant listeners (the role mail)."""
    event = RoleEvent.objects.create(
        person=person,
        role=RoleKind(role),
        change=RoleChange(change),
        structure=structure,
        territory=territory,
        actor=actor,
        actor_role=_actor_role(actor, structure),
        reason=reason[:200],
    )
    if event.change == RoleChange.GRANTED:
        role_granted(event, site_url)
    return event


@transaction.atomic
def membership_grant(
    *,
    user: Any,
    structure: Structure,
    role: str,
    actor: Any = None,
    reason: str = "",
    upgrade_only: bool = True,
    site_url: str = "",
) -> StructureMembership:
    """Give someone a role in a structure; with `upgrade_only`, a manager asked to be a member stays one."""
    if role not in MemberRole.values:
        raise ValidationError({"role": "Choisissez un rôle de la liste."})
    membership = (
        StructureMembership.objects.select_for_update().filter(user=user, structure=structure).first()
    )
    if membership is None:
        membership = StructureMembership(user=user, structure=structure, role=role)
        membership.full_clean()
        membership.save()
        role_event_record(
            person=user,
            role=role,
            change=RoleChange.GRANTED,
            structure=structure,
            actor=actor,
            reason=reason,
            site_url=site_url,
        )
        return membership
    if membership.role == role or (upgrade_only and role == MemberRole.MEMBER):
        return membership
    return _change_role(membership, role, actor, reason, site_url)


def _change_role(
    membership: StructureMembership, role: str, actor: Any, reason: str, site_url: str = ""
) -> StructureMembership:
    before = membership.role
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    common = {"person": membership.user, "structure": membership.structure, "actor": actor, "reason": reason}
    role_event_record(role=before, change=RoleChange.REVOKED, **common)
    role_event_record(role=role, change=RoleChange.GRANTED, site_url=site_url, **common)
    return membership


def keep_a_manager(membership: StructureMembership, actor: Any) -> None:
    """Let only managers or staff remove or demote a manager, and only staff the last one."""
    if membership.role != MemberRole.MANAGER or is_staff(actor):
        return
    # Lock every manager row of the structure: two managers removing each other at once must not both
    # see the other one still there.
    managers = list(
        StructureMembership.objects.select_for_update()
        .filter(structure_id=membership.structure_id, role=MemberRole.MANAGER)
        .values_list("pk", "user_id")
    )
    if not any(user_id == actor.pk for _, user_id in managers):
        raise PermissionDenied(MANAGERS_ONLY)
    if not any(pk != membership.pk for pk, _ in managers):
        raise ValidationError(LAST_MANAGER)


@transaction.atomic
def membership_change_role(
    *, membership: StructureMembership, role: str, actor: Any, reason: str = "", site_url: str = ""
) -> StructureMembership:
    """Change a member's role, keeping the structure's managers in place (see keep_a_manager)."""
    if role not in MemberRole.values:
        raise ValidationError({"role": "Choisissez un rôle de la liste."})
    if membership.role == role:
        return membership
    if role != MemberRole.MANAGER:
        keep_a_manager(membership, actor)
    return _change_role(membership, role, actor, reason, site_url)


@transaction.atomic
def membership_end(*, membership: StructureMembership, actor: Any, reason: str = "") -> None:
    """Remove someone from a structure, keeping its managers in place (see keep_a_manager)."""
    keep_a_manager(membership, actor)
    role_event_record(
        person=membership.user,
        role=membership.role,
        change=RoleChange.REVOKED,
        structure=membership.structure,
        actor=actor,
        reason=reason,
    )
    membership.delete()


@transaction.atomic
def network_coordinator_grant(
    *, user: Any, network: Structure, actor: Any, reason: str = "", site_url: str = ""
) -> NetworkCoordinator:
    """Make someone a coordinator of a network."""
    role, created = NetworkCoordinator.objects.get_or_create(user=user, network=network)
    if created:
        role_event_record(
            person=user,
            role=RoleKind.NETWORK_COORDINATOR,
            change=RoleChange.GRANTED,
            structure=network,
            actor=actor,
            reason=reason,
            site_url=site_url,
        )
    return role


@transaction.atomic
def network_coordinator_revoke(*, role: NetworkCoordinator, actor: Any, reason: str = "") -> None:
    """End someone's coordination of a network."""
    role_event_record(
        person=role.user,
        role=RoleKind.NETWORK_COORDINATOR,
        change=RoleChange.REVOKED,
        structure=role.network,
        actor=actor,
        reason=reason,
    )
    role.delete()


@transaction.atomic
def territory_coordinator_grant(
    *,
    user: Any,
    territory: Territory,
    actor: Any,
    organisation: Structure | None = None,
    reason: str = "",
    site_url: str = "",
) -> TerritoryCoordinator:
    """Make someone a coordinator of a territory."""
    role, created = TerritoryCoordinator.objects.get_or_create(
        user=user, territory=territory, defaults={"organisation": organisation}
    )
    if created:
        role_event_record(
            person=user,
            role=RoleKind.TERRITORY_COORDINATOR,
            change=RoleChange.GRANTED,
            territory=territory,
            actor=actor,
            reason=reason,
            site_url=site_url,
        )
    return role


@transaction.atomic
def territory_coordinator_revoke(*, role: TerritoryCoordinator, actor: Any, reason: str = "") -> None:
    """End someone's coordination of a territory."""
    role_event_record(
        person=role.user,
        role=RoleKind.TERRITORY_COORDINATOR,
        change=RoleChange.REVOKED,
        territory=role.territory,
        actor=actor,
        reason=reason,
    )
    role.delete()
