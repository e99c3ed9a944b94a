"""A structure's members: the list, invitations by e-mail, roles, removal; accepting an invitation."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from maillage.contributions.forms import InvitationForm, RoleForm
from maillage.contributions.members import (
    InvitationUnusableError,
    invitation_accept,
    invitation_create,
    invitation_find,
    invitation_joined,
    membership_remove,
    membership_set_role,
)
from maillage.contributions.selectors import pending_invitations, structure_members
from maillage.memberships.enums import Action, MemberRole
from maillage.memberships.models import StructureMembership
from maillage.memberships.rules import can, member_role
from maillage.memberships.selectors import role_log_of_structure
from maillage.memberships.services import is_staff
from maillage.structures.models import Structure
from maillage.www.contributions.common import add_service_errors, forbidden, site_url


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Render the members (read-only for plain members); invite, change roles and remove on POST."""
    structure = get_object_or_404(
        Structure.objects.only("pk", "name", "acronym", "slug", "commune_id"), slug=slug
    )
    manages = can(request.user, Action.MANAGE_MEMBERS, structure)
    own_role = member_role(request.user, structure)
    if not manages and own_role is None:
        return forbidden(
            request, "Seuls les membres de la structure et ses coordinateurs voient ses membres."
        )
    invitation_form = InvitationForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action != "leave" and not manages:
            return forbidden(
                request, "Seuls les gestionnaires de la structure et ses coordinateurs gèrent ses membres."
            )
        try:
            if action == "invite":
                invitation_form = InvitationForm(request.POST)
                if invitation_form.is_valid():
                    invitation = invitation_create(
                        structure=structure,
                        email=invitation_form.cleaned_data["email"],
                        role=invitation_form.cleaned_data["role"],
                        invited_by=request.user,
                        site_url=site_url(request),
                    )
                    messages.success(request, f"Une invitation est envoyée à {invitation.email}.")
                    return redirect("contributions:members", slug=structure.slug)
            elif action in ("role", "remove", "leave"):
                return _change(request, structure, action)
            else:
                messages.error(request, "Action inconnue.")
        except PermissionDenied as error:
            return forbidden(request, error)
        except ValidationError as error:
            add_service_errors(invitation_form, error)
        status = 400
    context = {
        "structure": structure,
        "memberships": list(structure_members(structure)),
        "invitations": list(pending_invitations(structure)) if manages else [],
        "manages": manages,
        "own_role": own_role,
        "invitation_form": invitation_form,
        "role_choices": RoleForm.base_fields["role"].choices,  # type: ignore[attr-defined]
        # The log names the people who joined and left: the team's managers and the site's staff read it.
        "role_log": (
            role_log_of_structure(structure)
            if own_role == MemberRole.MANAGER or is_staff(request.user)
            else None
        ),
    }
    return render(request, "www/contributions/members.html", context, status=status)


def _change(request: HttpRequest, structure: Structure, action: str) -> HttpResponse:
    """Change a member's role, remove a member, or leave; report the outcome on the members page."""
    if action == "leave":
        membership = get_object_or_404(StructureMembership, structure=structure, user=request.user)
    else:
        membership = get_object_or_404(
            StructureMembership.objects.select_related("user"),
            pk=request.POST.get("membership"),
            structure=structure,
        )
    membership.structure = structure
    try:
        if action == "role":
            form = RoleForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Choisissez un rôle de la liste.")
                return redirect("contributions:members", slug=structure.slug)
            membership_set_role(membership=membership, role=form.cleaned_data["role"], actor=request.user)
            messages.success(request, f"Le rôle de {_name(membership)} est changé.")
        else:
            membership_remove(membership=membership, actor=request.user)
            if action == "leave":
                messages.success(request, f"Vous avez quitté « {structure.name} ».")
                return redirect("structures:detail", slug=structure.slug)
            messages.success(request, f"{_name(membership)} ne fait plus partie de la structure.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("contributions:members", slug=structure.slug)


def _name(membership: StructureMembership) -> str:
    return membership.user.display_name or membership.user.email


# How long after joining the invitation's link still greets her as a newcomer.
JUST_JOINED = datetime.timedelta(hours=1)


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Render an invitation; join the structure on POST, once logged in with the invited address."""
    # Confirming the address of an account created from the invitation already joined the team (the
    # confirmation listeners): the link the confirmation leads back to says so instead of "déjà servi".
    joined_through = invitation_joined(token, request.user) if request.method == "GET" else None
    if joined_through is not None and joined_through.accepted_at is not None:
        recently = timezone.now() - joined_through.accepted_at < JUST_JOINED
        verb = "faites maintenant" if recently else "faites déjà"
        messages.success(request, f"Vous {verb} partie de « {joined_through.structure.name} ».")
        return redirect("contributions:members", slug=joined_through.structure.slug)
    try:
        invitation = invitation_find(token)
    except InvitationUnusableError as error:
        return render(
            request, "www/contributions/invitation_gone.html", {"reason": error.messages[0]}, status=410
        )
    same_address = request.user.is_authenticated and request.user.email.lower() == invitation.email.lower()
    # Joining writes: only on POST (a GET, even from the confirmation link, only shows the invitation; the
    # confirmation listeners have already joined whoever created her account from it, handled above).
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(request.path)
        try:
            invitation_accept(token=token, user=request.user)
        except PermissionDenied as error:
            return forbidden(request, error)
        except InvitationUnusableError as error:
            return render(
                request, "www/contributions/invitation_gone.html", {"reason": error.messages[0]}, status=410
            )
        messages.success(request, f"Vous faites maintenant partie de « {invitation.structure.name} ».")
        return redirect("contributions:members", slug=invitation.structure.slug)
    context = {"invitation": invitation, "same_address": same_address}
    return render(request, "www/contributions/invitation.html", context)
