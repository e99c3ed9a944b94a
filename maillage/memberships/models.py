"""Who holds which role: members of a structure, coordinators of a network or of territories."""

from django.conf import settings
from django.db import models

from maillage.memberships.enums import MemberRole
from maillage.structures.enums import StructureKind
from maillage.structures.models import Structure
from maillage.territories.models import Territory

# Structures whose coordinators have a network perimeter: federations, PTCE, CRESS.
COORDINATED_KINDS = [StructureKind.NETWORK, StructureKind.PTCE_CLUSTER, StructureKind.CRESS]


class StructureMembership(models.Model):
    """A person acting for a structure: a member edits its record, a manager also admits members."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    structure = models.ForeignKey(Structure, models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    created_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "membre d'une structure"
        verbose_name_plural = "membres des structures"
        constraints = [
            models.UniqueConstraint(fields=["user", "structure"], name="membership_user_structure_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.structure} ({self.get_role_display()})"

    @property
    def is_manager(self) -> bool:
        return self.role == MemberRole.MANAGER


class NetworkCoordinator(models.Model):
    """A person who moderates and co-manages the records of a network and of its members."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="network_roles")
    network = models.ForeignKey(
        Structure,
        models.CASCADE,
        related_name="coordinators",
        limit_choices_to={
            "kind__in": [StructureKind.NETWORK, StructureKind.PTCE_CLUSTER, StructureKind.CRESS]
        },
        verbose_name="réseau",
    )
    created_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "coordination de réseau"
        verbose_name_plural = "coordinations de réseaux"
        constraints = [
            models.UniqueConstraint(fields=["user", "network"], name="network_coordinator_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} coordonne {self.network}"


class TerritoryCoordinator(models.Model):
    """A person who moderates the structures located in a territory (a CRESS, a DLA, a local authority)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="territory_roles")
    territory = models.ForeignKey(Territory, models.CASCADE, related_name="coordinators")
    # The body the person acts for (the CRESS, the DLA), when it is in the directory.
    organisation = models.ForeignKey(
        Structure, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="au titre de"
    )
    created_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "coordination territoriale"
        verbose_name_plural = "coordinations territoriales"
        constraints = [
            models.UniqueConstraint(fields=["user", "territory"], name="territory_coordinator_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} coordonne {self.territory}"
