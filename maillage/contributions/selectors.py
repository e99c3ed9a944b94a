"""Reads of contributions, each stating its joins."""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from maillage.contributions.models import ChangeRequest, Invitation
from maillage.contributions.permissions import decidable_requests
from maillage.memberships.models import StructureMembership
from maillage.structures.models import Discipline, Structure
from maillage.structures.search import StructureFilters, filter_structures, order_structures

_REQUEST_JOINS = ("structure__commune", "commune", "author", "decided_by")


def _with_profiles(requests: QuerySet[ChangeRequest]) -> QuerySet[ChangeRequest]:
    """Join what a diff reads: the structure's commune, disciplines and activities."""
    return requests.select_related(*_REQUEST_JOINS).prefetch_related(
        Prefetch("structure__disciplines", queryset=Discipline.objects.select_related("parent")),
        "structure__activities",
    )


def moderation_queue(user: Any) -> QuerySet[ChangeRequest]:
    """Return the pending requests the user decides, oldest first, with what their diffs show."""
    return _with_profiles(decidable_requests(user)).order_by("created_at", "pk")


def change_request_get(pk: int) -> ChangeRequest:
    """Return one request with what its page shows; raise ChangeRequest.DoesNotExist when unknown."""
    return _with_profiles(ChangeRequest.objects.all()).get(pk=pk)


def authored_requests(user: Any, *, limit: int = 20) -> list[ChangeRequest]:
    """Return the user's latest requests with their structure."""
    if not user.is_authenticated:
        return []
    return list(
        ChangeRequest.objects.filter(author=user).select_related("structure").order_by("-created_at")[:limit]
    )


def structure_for_siret(siret: str) -> Structure | None:
    """Return the structure with this SIRET and what its identity card shows, or None."""
    return Structure.objects.select_related("commune__departement").filter(siret=siret).first()


def structure_for_edit(slug: str) -> Structure:
    """Return a structure with its profile's relations; raise Structure.DoesNotExist when unknown."""
    return (
        Structure.objects.select_related("commune")
        .prefetch_related(
            Prefetch("disciplines", queryset=Discipline.objects.select_related("parent")), "activities"
        )
        .get(slug=slug)
    )


def structure_members(structure: Structure) -> QuerySet[StructureMembership]:
    """Return the structure's members with their accounts, managers first."""
    return (
        StructureMembership.objects.filter(structure=structure)
        .select_related("user")
        .order_by("role", "user__display_name", "user__email")
    )


def pending_invitations(structure: Structure) -> QuerySet[Invitation]:
    """Return the structure's invitations not accepted yet and still valid, with who sent them."""
    return (
        Invitation.objects.filter(
            structure=structure, accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


def structures_named(words: str, *, limit: int = 10) -> list[Structure]:
    """Return the records that best match a name (and a commune) typed without care for accents or case."""
    filters = StructureFilters(q=words, state="tous")
    queryset = order_structures(filter_structures(filters), filters)
    return list(queryset.select_related("commune__departement")[:limit])


def invitations_for(user: Any) -> list[Invitation]:
    """Return the invitations waiting for the user's address, soonest to expire first."""
    if not user.is_authenticated:
        return []
    return list(
        Invitation.objects.filter(email__iexact=user.email, accepted_at=None, expires_at__gt=timezone.now())
        .select_related("structure")
        .order_by("expires_at")
    )
