"""A network's consent to the structures that declare themselves its members.

Declaring that a structure belongs to a network is a request: the relation is stored as declared, grants
the network's coordinators nothing (perimeters read only current relations, which are confirmed ones) and
shows on the structure's page as "adhésion déclarée, non confirmée par le réseau". The network's
coordinators (the site's staff for a network nobody coordinates) accept it, and it becomes a membership
like any other, or refuse it with a reason that the declaring structure's managers read.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.emails import send_after_commit
from maillage.history.enums import Via
from maillage.memberships.rules import decides_membership_of
from maillage.structures.enums import RelationKind, RelationState
from maillage.structures.models import Relation, Structure
from maillage.structures.relation_services import relation_update


def membership_deciders(network: Structure) -> QuerySet[Any]:
    """Return the active people who decide the network's declared members: its coordinators, else staff."""
    users = get_user_model().objects.filter(is_active=True)
    coordinators = users.filter(network_roles__network=network)
    return coordinators if coordinators.exists() else users.filter(Q(is_staff=True) | Q(is_superuser=True))


def notify_declaration(relation: Relation, *, site_url: str = "") -> None:
    """Tell the network's deciders that a structure declares itself a member, once committed."""
    assert relation.target is not None  # noqa: S101 (a membership has a target)
    send_after_commit(
        to=list(membership_deciders(relation.target).values_list("email", flat=True)),
        subject=f"Adhésion déclarée à confirmer : {relation.source.name}",
        template="emails/contributions_membership_declared.txt",
        context={
            "relation": relation,
            "url": site_url + reverse("contributions:membership_requests", args=[relation.target.slug]),
        },
    )


def declared_members(network: Structure) -> QuerySet[Relation]:
    """Return the declarations of membership of the network that wait for its decision."""
    return (
        Relation.objects.filter(kind=RelationKind.MEMBER_OF, target=network, state=RelationState.DECLARED)
        .select_related("source__commune")
        .order_by("created_at", "pk")
    )


def _locked_declaration(relation: Relation, actor: Any) -> Relation:
    # Only the relation row: PostgreSQL refuses FOR UPDATE on the nullable side of the join to the target.
    locked = (
        Relation.objects.select_for_update(of=("self",))
        .select_related("source", "target")
        .get(pk=relation.pk)
    )
    if locked.target is None or not decides_membership_of(actor, locked.target):
        raise PermissionDenied("Seuls les coordinateurs du réseau confirment ou refusent ses adhésions.")
    if locked.state != RelationState.DECLARED:
        raise ValidationError("Cette adhésion a déjà été traitée.")
    return locked


@transaction.atomic
def membership_declaration_accept(*, relation: Relation, actor: Any) -> Relation:
    """Confirm that the declaring structure is a member of the network: it now counts as one."""
    locked = _locked_declaration(relation, actor)
    return relation_update(
        relation=locked,
        actor=actor,
        via=Via.MODERATION,
        comment="Adhésion confirmée par le réseau",
        state=RelationState.ACCEPTED,
        decided_by=actor,
        decided_at=timezone.now(),
        refusal_reason="",
    )


@transaction.atomic
def membership_declaration_refuse(*, relation: Relation, actor: Any, reason: str) -> Relation:
    """Refuse a declared membership with a reason the declaring structure's managers will read."""
    if not reason.strip():
        raise ValidationError(
            {"reason": "Expliquez votre refus à la structure qui a déclaré cette adhésion."}
        )
    locked = _locked_declaration(relation, actor)
    return relation_update(
        relation=locked,
        actor=actor,
        via=Via.MODERATION,
        comment="Adhésion refusée par le réseau",
        state=RelationState.REFUSED,
        decided_by=actor,
        decided_at=timezone.now(),
        refusal_reason=reason.strip(),
    )
