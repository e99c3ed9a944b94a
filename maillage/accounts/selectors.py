"""Reads for a person's own space: their structures, roles and coordination perimeters."""

from dataclasses import dataclass
from typing import Any

from maillage.accounts.otp import confirmed_device
from maillage.memberships.models import (
    NetworkCoordinator,
    RoleEvent,
    StructureMembership,
    TerritoryCoordinator,
)
from maillage.memberships.selectors import role_log_of_person


@dataclass(frozen=True)
class Space:
    """What "Mon espace" shows."""

    memberships: list[StructureMembership]
    networks: list[NetworkCoordinator]
    territories: list[TerritoryCoordinator]
    has_second_factor: bool
    is_staff: bool
    role_log: list[RoleEvent]

    @property
    def is_coordinator(self) -> bool:
        return bool(self.networks or self.territories)

    @property
    def second_factor_offered(self) -> bool:
        """Tell whether the page offers a second factor (same rule as otp.otp_offered_to)."""
        return self.is_staff or self.is_coordinator


def user_space(user: Any) -> Space:
    """Return the user's memberships (with structure and commune), coordinated networks and territories."""
    memberships = list(
        StructureMembership.objects.filter(user=user)
        .select_related("structure", "structure__commune")
        .order_by("structure__name")
    )
    networks = list(
        NetworkCoordinator.objects.filter(user=user).select_related("network").order_by("network__name")
    )
    territories = list(
        TerritoryCoordinator.objects.filter(user=user)
        .select_related("territory", "organisation")
        .order_by("territory__name")
    )
    return Space(
        memberships=memberships,
        networks=networks,
        territories=territories,
        has_second_factor=confirmed_device(user) is not None,
        is_staff=bool(user.is_staff or user.is_superuser),
        role_log=role_log_of_person(user),
    )
