"""Reads of the role log, for the people it concerns."""

from typing import Any

from django.db.models import QuerySet

from maillage.memberships.models import RoleEvent
from maillage.structures.models import Structure

# A log page lists the latest changes; older ones stay in the data export and the administration.
LOG_LENGTH = 50


def role_log_of_person(user: Any) -> list[RoleEvent]:
    """Return the latest grants and removals of the person's roles, with what and who."""
    return list(_joined(RoleEvent.objects.filter(person=user))[:LOG_LENGTH])


def role_log_of_structure(structure: Structure) -> list[RoleEvent]:
    """Return the latest grants and removals of roles in a structure (or in a network it is)."""
    return list(_joined(RoleEvent.objects.filter(structure=structure))[:LOG_LENGTH])


def _joined(events: QuerySet[RoleEvent]) -> QuerySet[RoleEvent]:
    return events.select_related("person", "actor", "structure", "territory").order_by("-created_at", "-id")
