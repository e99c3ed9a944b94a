"""Coordinations given from the site by e-mail address, and invitations honoured once an address is proven.

Only the site's team names coordinators (a coordination opens many records). An address with a
confirmed account gets the role at once (and the role mail); any other address gets an invitation to
sign up, and the role is granted when the address is confirmed, as are invitations to join a structure.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.emails import send_after_commit
from maillage.accounts.lockout import normalize_email
from maillage.contributions.models import CoordinationInvitation, Invitation
from maillage.memberships.models import COORDINATED_KINDS, NetworkCoordinator, TerritoryCoordinator
from maillage.memberships.services import (
    is_staff,
    membership_grant,
    network_coordinator_grant,
    network_coordinator_revoke,
    territory_coordinator_grant,
    territory_coordinator_revoke,
)
from maillage.structures.models import Structure
from maillage.territories.models import Territory

STAFF_ONLY = "Seule l'équipe du site nomme ou retire les coordinateurs de réseaux et de territoires."
INVITATION_LIFETIME = datetime.timedelta(days=30)


@dataclass(frozen=True)
class Given:
    """What became of a coordination given by address: granted at once, or waiting for a sign-up."""

    email: str
    granted: bool


def _grant(
    user: Any, network: Structure | None, territory: Territory | None, actor: Any, site_url: str
) -> None:
    if network is not None:
        network_coordinator_grant(user=user, network=network, actor=actor, site_url=site_url)
    elif territory is not None:
        territory_coordinator_grant(user=user, territory=territory, actor=actor, site_url=site_url)


@transaction.atomic
def coordination_give(
    *,
    email: str,
    actor: Any,
    network: Structure | None = None,
    territory: Territory | None = None,
    site_url: str = "",
) -> Given:
    """Make the person at this address a coordinator, or invite them to sign up to become one."""
    if not is_staff(actor):
        raise PermissionDenied(STAFF_ONLY)
    if (network is None) == (territory is None):
        raise ValidationError("Choisissez un réseau ou un territoire, pas les deux.")
    if network is not None and network.kind not in COORDINATED_KINDS:
        raise ValidationError({"network": "Seuls les réseaux, PTCE et CRESS ont des coordinateurs."})
    email = normalize_email(email)
    user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if user is not None and user.email_confirmed_at is not None:
        _grant(user, network, territory, actor, site_url)
        return Given(email, granted=True)
    # A new invitation replaces the one still waiting for the same role.
    CoordinationInvitation.objects.filter(
        email=email, network=network, territory=territory, accepted_at__isnull=True
    ).delete()
    invitation = CoordinationInvitation.objects.create(
        email=email,
        network=network,
        territory=territory,
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    send_after_commit(
        to=[email],
        subject=f"Invitation à coordonner « {invitation.object_name} » sur maillage",
        template="emails/contributions_coordination_invitation.txt",
        context={
            "coordination": invitation,
            "kind": "réseau" if network is not None else "territoire",
            "signup_url": site_url + reverse("accounts:signup"),
        },
    )
    return Given(email, granted=False)


@transaction.atomic
def coordination_remove(*, role: NetworkCoordinator | TerritoryCoordinator, actor: Any) -> None:
    """End a coordination (the site's team only); the role log keeps it."""
    if not is_staff(actor):
        raise PermissionDenied(STAFF_ONLY)
    if isinstance(role, NetworkCoordinator):
        network_coordinator_revoke(role=role, actor=actor, reason="retirée depuis le site")
    else:
        territory_coordinator_revoke(role=role, actor=actor, reason="retirée depuis le site")


def honour_invitations(user: Any, site_url: str = "") -> None:
    """Grant what the invitations to a just-confirmed address promised (called in its transaction)."""
    now = timezone.now()
    waiting = CoordinationInvitation.objects.select_related("network", "territory", "invited_by")
    for invitation in waiting.filter(email__iexact=user.email, accepted_at__isnull=True, expires_at__gt=now):
        _grant(user, invitation.network, invitation.territory, invitation.invited_by, site_url)
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
    team = Invitation.objects.select_related("structure", "invited_by")
    for joined in team.filter(email__iexact=user.email, accepted_at__isnull=True, expires_at__gt=now):
        membership_grant(
            user=user,
            structure=joined.structure,
            role=joined.role,
            actor=joined.invited_by,
            reason="invitation acceptée",
            site_url=site_url,
        )
        joined.accepted_at = now
        joined.save(update_fields=["accepted_at"])
