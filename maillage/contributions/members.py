"""Writes about the people of a structure: invitations by e-mail, roles, departures."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.emails import send_after_commit
from maillage.contributions.models import Invitation
from maillage.memberships.enums import Action
from maillage.memberships.models import StructureMembership
from maillage.memberships.rules import can
from maillage.memberships.services import membership_change_role, membership_end, membership_grant
from maillage.structures.models import Structure

INVITATION_LIFETIME = datetime.timedelta(days=14)


class InvitationUnusableError(ValidationError):
    """An invitation link that is unknown, used already or expired."""


def token_hash(token: str) -> str:
    """Return the stored fingerprint of an invitation token."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *, structure: Structure, email: str, role: str, invited_by: Any, site_url: str = ""
) -> Invitation:
    """Invite someone by e-mail to join a structure; the link is sent once and only its hash is kept."""
    if not can(invited_by, Action.MANAGE_MEMBERS, structure):
        raise PermissionDenied("Seuls les gestionnaires de la structure et ses coordinateurs invitent.")
    email = email.strip().lower()
    if StructureMembership.objects.filter(structure=structure, user__email__iexact=email).exists():
        raise ValidationError({"email": "Cette personne est déjà membre de la structure."})
    # A new invitation replaces the ones still waiting, so only the latest link works.
    Invitation.objects.filter(structure=structure, email=email, accepted_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        structure=structure,
        email=email,
        role=role,
        token_hash=token_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    invitation.full_clean()
    invitation.save()
    send_after_commit(
        to=[email],
        subject=f"Invitation à rejoindre « {structure.name} »",
        template="emails/contributions_invitation.txt",
        context={
            "invitation": invitation,
            "inviter_name": getattr(invited_by, "display_name", ""),
            "url": site_url + reverse("contributions:accept_invitation", args=[token]),
        },
    )
    return invitation


def invitation_find(token: str) -> Invitation:
    """Return the usable invitation of a token; raise InvitationUnusableError with the reason otherwise."""
    invitation = Invitation.objects.select_related("structure").filter(token_hash=token_hash(token)).first()
    if invitation is None:
        raise InvitationUnusableError("Ce lien d'invitation n'est pas valide.")
    if invitation.accepted_at is not None:
        raise InvitationUnusableError("Cette invitation a déjà servi.")
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusableError(
            "Cette invitation a expiré : demandez à la structure de vous en envoyer une autre."
        )
    return invitation


def invitation_joined(token: str, user: Any) -> Invitation | None:
    """Return the invitation of a token if `user` already joined through it (on confirming her address)."""
    if not user.is_authenticated:
        return None
    invitation = Invitation.objects.select_related("structure").filter(token_hash=token_hash(token)).first()
    if invitation is None or invitation.accepted_at is None or invitation.email.lower() != user.email.lower():
        return None
    if not StructureMembership.objects.filter(user=user, structure=invitation.structure).exists():
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: Any) -> StructureMembership:
    """Join the structure of an invitation, if logged in with the address it was sent to."""
    invitation = invitation_find(token)
    Invitation.objects.select_for_update().filter(pk=invitation.pk).get()
    if not user.is_authenticated or user.email.lower() != invitation.email.lower():
        raise PermissionDenied(
            "Cette invitation a été envoyée à une autre adresse : "
            "connectez-vous avec celle-ci pour l'accepter."
        )
    membership = membership_grant(
        user=user,
        structure=invitation.structure,
        role=invitation.role,
        actor=invitation.invited_by,
        reason="invitation acceptée",
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


@transaction.atomic
def membership_set_role(*, membership: StructureMembership, role: str, actor: Any) -> StructureMembership:
    """Change a member's role; a manager is demoted only by a manager or the staff, the last one never."""
    if not can(actor, Action.MANAGE_MEMBERS, membership.structure):
        raise PermissionDenied(
            "Seuls les gestionnaires de la structure et ses coordinateurs changent les rôles."
        )
    return membership_change_role(membership=membership, role=role, actor=actor)


@transaction.atomic
def membership_remove(*, membership: StructureMembership, actor: Any) -> None:
    """Remove a member from a structure (or let a member leave it), never its last manager but by staff."""
    leaving = actor.is_authenticated and membership.user_id == actor.pk
    if not leaving and not can(actor, Action.MANAGE_MEMBERS, membership.structure):
        raise PermissionDenied(
            "Seuls les gestionnaires de la structure et ses coordinateurs retirent des membres."
        )
    membership_end(membership=membership, actor=actor, reason="départ" if leaving else "")
