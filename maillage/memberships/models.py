"""Who holds which role: members of a structure, coordinators of a network or of territories."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from maillage.memberships.enums import MemberRole, RoleChange, RoleKind
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


class RoleEvent(models.Model):
    """One grant or removal of a role: whose, which, on what, when and by whom (the role log).

    Written by the memberships services for every path that grants or removes a role (invitations,
    claims, the members page, the administration), so that the people concerned can read it: the person
    in "Mon espace", a structure's managers on its members page.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="role_events", verbose_name="personne"
    )
    role = models.CharField("rôle", max_length=25, choices=RoleKind.choices)
    change = models.CharField("changement", max_length=10, choices=RoleChange.choices)
    structure = models.ForeignKey(
        Structure,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="role_events",
        verbose_name="structure ou réseau",
    )
    territory = models.ForeignKey(
        Territory, models.CASCADE, null=True, blank=True, related_name="+", verbose_name="territoire"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )
    # What the actor acted as, kept when their account goes ("gestionnaire", "administration"…).
    actor_role = models.CharField("au titre de", max_length=60, blank=True)
    reason = models.CharField("circonstance", max_length=200, blank=True)
    created_at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "changement de rôle"
        verbose_name_plural = "journal des rôles"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["person", "created_at"], name="role_event_person_idx"),
            models.Index(fields=["structure", "created_at"], name="role_event_structure_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(structure__isnull=False) | models.Q(territory__isnull=False),
                name="role_event_has_object",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.get_change_display().lower()} à {self.person}"

    @property
    def object_name(self) -> str:
        return self.structure.name if self.structure is not None else str(self.territory)
