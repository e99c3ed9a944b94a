"""What contributions hold about a person: requests they wrote or decided, invitations sent or received."""

from typing import Any

from django.db.models import Q

from maillage.contributions.enums import RequestStatus
from maillage.contributions.models import ChangeRequest, CoordinationInvitation, Invitation
from maillage.history.personal_data import Scrubber, scrub_rows


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def contributions_export(user: Any) -> dict[str, Any]:
    """Return the person's requests, decisions and invitations as JSON-ready data."""
    authored = (
        ChangeRequest.objects.filter(author=user).select_related("structure").order_by("created_at", "pk")
    )
    decided = (
        ChangeRequest.objects.filter(decided_by=user).select_related("structure").order_by("decided_at", "pk")
    )
    invitations = (
        Invitation.objects.filter(Q(invited_by=user) | Q(email__iexact=user.email))
        .select_related("structure")
        .order_by("created_at", "pk")
    )
    return {
        "demandes": [
            {
                "numero": r.pk,
                "nature": r.get_kind_display(),
                "structure": r.subject,
                "valeurs_proposees": r.proposed,
                "message": r.message,
                "etat": r.get_status_display(),
                "deposee_le": _iso(r.created_at),
                "decidee_le": _iso(r.decided_at),
                "message_de_decision": r.decision_message,
            }
            for r in authored
        ],
        "decisions": [
            {
                "numero": r.pk,
                "nature": r.get_kind_display(),
                "structure": r.subject,
                "etat": r.get_status_display(),
                "decidee_le": _iso(r.decided_at),
                "message_de_decision": r.decision_message,
            }
            for r in decided
        ],
        "invitations_envoyees": [
            {
                "structure": i.structure.name,
                "adresse": i.email,
                "role": i.get_role_display(),
                "envoyee_le": _iso(i.created_at),
                "acceptee_le": _iso(i.accepted_at),
            }
            for i in invitations
            if i.invited_by_id == user.pk
        ],
        "invitations_recues": [
            {
                "structure": i.structure.name,
                "role": i.get_role_display(),
                "envoyee_le": _iso(i.created_at),
                "acceptee_le": _iso(i.accepted_at),
            }
            for i in invitations
            if i.email.lower() == user.email.lower()
        ],
        "invitations_a_coordonner": [
            {
                "coordination": c.object_name,
                "adresse": c.email,
                "envoyee_le": _iso(c.created_at),
                "acceptee_le": _iso(c.accepted_at),
            }
            for c in CoordinationInvitation.objects.filter(
                Q(invited_by=user) | Q(email__iexact=user.email)
            ).select_related("network", "territory")
        ],
    }


def contributions_erase(user: Any) -> None:
    """Detach the person from requests and invitations, scrub what they wrote, drop invitations to them."""
    # Nobody could become manager through a request without an author: withdraw what still waits.
    ChangeRequest.objects.filter(author=user, status=RequestStatus.PENDING).update(
        status=RequestStatus.WITHDRAWN
    )
    ChangeRequest.objects.filter(author=user).update(author=None, message="")
    ChangeRequest.objects.filter(decided_by=user).update(decided_by=None, decision_message="")
    Invitation.objects.filter(email__iexact=user.email).delete()
    Invitation.objects.filter(invited_by=user).update(invited_by=None)
    CoordinationInvitation.objects.filter(email__iexact=user.email).delete()
    CoordinationInvitation.objects.filter(invited_by=user).update(invited_by=None)
    # Whoever proposed them, values that are the person's (their address given as a structure's contact,
    # their name in a presentation) leave the payloads and messages too.
    scrubber = Scrubber(user)
    if scrubber.needles:
        fields = ("proposed", "applied", "message", "decision_message")
        holding = ChangeRequest.objects.filter(scrubber.candidates(*fields))
        scrub_rows(holding.iterator(chunk_size=500), scrubber, fields)
