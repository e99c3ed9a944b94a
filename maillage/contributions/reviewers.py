"""Who examines a request and how long it usually takes: told to its author, and to the reviewers why."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.contributions.models import ChangeRequest
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import NetworkCoordinator, StructureMembership, TerritoryCoordinator
from maillage.memberships.rules import managers_of, moderators_of
from maillage.territories.models import TerritoryCommune

# The usual delay is the median of the decisions of this period; fewer decisions tell nothing.
DELAY_PERIOD = datetime.timedelta(days=180)
DELAY_MIN_DECISIONS = 5


def direct_deciders(request: ChangeRequest) -> QuerySet[Any]:
    """Return the active people who decide a request by their role, its author left out."""
    users = get_user_model().objects.filter(is_active=True)
    if request.kind == RequestKind.CREATE:
        territories = TerritoryCommune.objects.filter(commune_id=request.commune_id).values("territory_id")
        found = users.filter(territory_roles__territory_id__in=territories).distinct()
    elif request.structure is None:
        found = users.none()
    elif request.kind == RequestKind.CLAIM:
        managers = managers_of(request.structure)
        found = managers if managers.exists() else moderators_of(request.structure)
    else:
        found = users.filter(
            Q(pk__in=moderators_of(request.structure).values("pk"))
            | Q(pk__in=managers_of(request.structure).values("pk"))
        )
    if request.author_id is not None:
        found = found.exclude(pk=request.author_id)
    return found


@dataclass(frozen=True)
class ReviewRoute:
    """Who examines a request, in words: `who` for its author, `reason` for the reviewers' e-mail."""

    who: str
    reason: str
    fallback: bool


def review_route(request: ChangeRequest) -> ReviewRoute:
    """Say who examines the request, and why it reached them (administrators when nobody else may)."""
    if not direct_deciders(request).exists():
        return ReviewRoute(
            who="l'équipe d'administration de maillage, car aucune personne ne gère ni ne coordonne "
            "cette structure, son réseau ou son territoire",
            reason="Vous recevez ce message parce que vous administrez maillage et qu'aucune personne ne "
            "gère ni ne coordonne cette structure, son réseau ou son territoire : sans vous, la demande "
            "resterait sans réponse.",
            fallback=True,
        )
    if request.kind == RequestKind.CREATE:
        who = "les coordinations du territoire de sa commune"
        reason = "Vous recevez ce message parce que vous coordonnez le territoire de cette commune."
    elif request.kind == RequestKind.CLAIM and request.structure is not None and _has_managers(request):
        who = "les gestionnaires actuels de la structure"
        reason = "Vous recevez ce message parce que vous gérez cette structure."
    elif request.kind == RequestKind.CLAIM:
        who = "les coordinations du réseau ou du territoire de la structure"
        reason = (
            "Vous recevez ce message parce que vous coordonnez le réseau ou le territoire de cette structure."
        )
    else:
        who = "les gestionnaires de la structure et les coordinations de son réseau ou de son territoire"
        reason = (
            "Vous recevez ce message parce que vous gérez ou coordonnez cette structure ou son territoire."
        )
    return ReviewRoute(who=who, reason=reason, fallback=False)


def _has_managers(request: ChangeRequest) -> bool:
    return StructureMembership.objects.filter(structure=request.structure, role=MemberRole.MANAGER).exists()


def usual_delay(kind: str) -> str:
    """Say in French how long requests of this kind took to be decided lately (median), if enough were."""
    since = timezone.now() - DELAY_PERIOD
    durations = [
        (decided - created).total_seconds()
        for created, decided in ChangeRequest.objects.filter(
            kind=kind,
            status__in=(RequestStatus.ACCEPTED, RequestStatus.REFUSED),
            decided_at__gte=since,
        ).values_list("created_at", "decided_at")[:1000]
        if decided is not None
    ]
    if len(durations) < DELAY_MIN_DECISIONS:
        return "pas encore assez de demandes examinées pour estimer un délai"
    days = statistics.median(durations) / 86400
    if days < 1:
        return "moins d'une journée d'habitude (médiane des six derniers mois)"
    rounded = round(days)
    return f"environ {rounded} jour{'s' if rounded > 1 else ''} d'habitude (médiane des six derniers mois)"


def pending_for_author(user: Any) -> list[tuple[ChangeRequest, ReviewRoute, str]]:
    """Return the user's pending requests, each with who examines it and the usual delay of its kind."""
    if not user.is_authenticated:
        return []
    pending = list(
        ChangeRequest.objects.filter(author=user, status=RequestStatus.PENDING)
        .select_related("structure")
        .order_by("-created_at")[:20]
    )
    delays = {kind: usual_delay(kind) for kind in {r.kind for r in pending}}
    return [(r, review_route(r), delays[r.kind]) for r in pending]


def is_moderator(user: Any) -> bool:
    """Tell in one query whether the user decides requests: staff, a coordinator or a manager."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .filter(
            Exists(NetworkCoordinator.objects.filter(user=OuterRef("pk")))
            | Exists(TerritoryCoordinator.objects.filter(user=OuterRef("pk")))
            | Exists(StructureMembership.objects.filter(user=OuterRef("pk"), role=MemberRole.MANAGER))
        )
        .exists()
    )
