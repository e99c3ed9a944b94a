"""Contributions waiting for a decision (edits, creations, claims) and invitations to join a structure."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from maillage.concurrency.versions import version_field
from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.memberships.enums import MemberRole
from maillage.structures.models import Structure
from maillage.territories.models import Territory


class ChangeRequest(models.Model):
    """A change someone asks for and someone else decides: edit a record, create one, or claim one."""

    kind = models.CharField("nature", max_length=10, choices=RequestKind.choices)
    # Empty for a creation until it is accepted: then it points to the structure created.
    structure = models.ForeignKey(
        Structure, models.CASCADE, null=True, blank=True, related_name="change_requests"
    )
    # The commune a creation proposes, kept as a key so that territory coordinators find it by a join.
    commune = models.ForeignKey(
        Territory, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="commune"
    )
    # JSON-safe field values: a commune as its territory id, disciplines as slugs, activities as codes.
    proposed = models.JSONField("valeurs proposées", default=dict, blank=True)
    # What was finally applied, when a moderator edited the proposal before accepting it.
    applied = models.JSONField("valeurs appliquées", default=dict, blank=True)
    role = models.CharField(
        "rôle demandé",
        max_length=10,
        choices=MemberRole.choices,
        blank=True,
        help_text="Pour une revendication.",
    )
    message = models.TextField("message de l'auteur", blank=True)
    # For a creation: the pks of the look-alike records its author said are other structures; once the
    # creation is accepted, each pair is remembered as "not a duplicate" (structures.distinct).
    distinct_from = models.JSONField("fiches déclarées différentes", default=list, blank=True)
    status = models.CharField(
        "état", max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name="auteur",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_change_requests",
        verbose_name="décidée par",
    )
    decision_message = models.TextField("message de la décision", blank=True)
    created_at = models.DateTimeField("déposée le", auto_now_add=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    # Two moderators deciding at once: the second decision names a version that no longer is.
    version = version_field()

    class Meta:
        verbose_name = "demande de contribution"
        verbose_name_plural = "demandes de contribution"
        ordering = ["-created_at"]
        indexes = [
            # The moderation queue reads pending requests only.
            models.Index(
                fields=["kind", "created_at"],
                condition=Q(status=RequestStatus.PENDING),
                name="change_request_pending",
            ),
            models.Index(fields=["status", "created_at"], name="change_request_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=RequestKind.CREATE) | Q(structure__isnull=False),
                name="change_request_structure_unless_create",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} n° {self.pk} ({self.get_status_display().lower()})"

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING

    @property
    def is_correctable(self) -> bool:
        """Tell whether a moderator may correct the proposal's profile fields before accepting it."""
        from maillage.contributions.declarations import DECLARATION_KEYS  # noqa: PLC0415 (services below)

        return self.kind != RequestKind.CLAIM and any(key not in DECLARATION_KEYS for key in self.proposed)

    @property
    def subject(self) -> str:
        """Return the name of the structure the request is about."""
        if self.structure is not None:
            return self.structure.name
        return str(self.proposed.get("name", "structure sans nom"))


class Invitation(models.Model):
    """An invitation to join a structure, sent by e-mail as a single-use link whose hash alone is kept."""

    structure = models.ForeignKey(Structure, models.CASCADE, related_name="invitations")
    email = models.EmailField("adresse invitée")
    role = models.CharField("rôle", max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    token_hash = models.CharField("empreinte du lien", max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name="invitée par",
    )
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email"], name="invitation_email")]

    def __str__(self) -> str:
        return f"{self.email} → {self.structure} ({self.get_role_display()})"


class CoordinationInvitation(models.Model):
    """A coordination offered by the site's team to an address without an account yet.

    No link is sent: confirming the address at sign-up proves it, and the role is granted then.
    """

    email = models.EmailField("adresse invitée")
    network = models.ForeignKey(
        Structure, models.CASCADE, null=True, blank=True, related_name="+", verbose_name="réseau"
    )
    territory = models.ForeignKey(
        Territory, models.CASCADE, null=True, blank=True, related_name="+", verbose_name="territoire"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="invitée par",
    )
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    expires_at = models.DateTimeField("expire le")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)

    class Meta:
        verbose_name = "invitation à coordonner"
        verbose_name_plural = "invitations à coordonner"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email"], name="coordination_invitation_email")]
        constraints = [
            models.CheckConstraint(
                condition=Q(network__isnull=False) ^ Q(territory__isnull=False),
                name="coordination_invitation_one_object",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.network or self.territory}"

    @property
    def object_name(self) -> str:
        return self.network.name if self.network is not None else getattr(self.territory, "name", "")
