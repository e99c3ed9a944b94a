"""A typed, dated link from one structure to another, or to a collective act it takes part in."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from maillage.concurrency.versions import version_field
from maillage.structures.dates import partial_date_display
from maillage.structures.enums import JOINT_ACT_KINDS, DatePrecision, RelationKind, RelationState
from maillage.structures.models.provenance import Sourced
from maillage.structures.models.structure import Structure


def current_condition(on: datetime.date | None = None, *, prefix: str = "") -> Q:
    """Return the one definition of a relation in force on a day (today by default).

    Confirmed (a declaration the other end has not accepted grants nothing), started on or before the day
    (no start date: since always), and not ended before it: the end date is the last day in force, so a
    membership ending today is still current today and no longer tomorrow.
    """
    day = on or timezone.localdate()
    return (
        Q(**{f"{prefix}state": RelationState.ACCEPTED})
        & (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": day}))
        & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day}))
    )


class RelationQuerySet(models.QuerySet["Relation"]):
    def current(self, on: datetime.date | None = None) -> RelationQuerySet:
        """Keep the relations in force on a day: permissions, search, facets, indicators all ask this."""
        return self.filter(current_condition(on))

    def member_of(self) -> RelationQuerySet:
        """Keep the memberships of networks."""
        return self.filter(kind=RelationKind.MEMBER_OF)


class Relation(Sourced):
    """`source` is <kind> `target`: Le Fil is member_of Culture et Coopération.

    Conventions and events are not modelled yet. A convention signed by four structures, or a meeting
    organised by five, is stored as one `signatory_of` or `organiser_of` relation per participant, with no
    target and the act named in `joint_act` with its date: participants are the relations sharing the same
    act and date. This avoids a partner relation for every pair (six for four signatories, all saying the
    same thing), and turns into a foreign key to the act once acts have their own model.
    """

    source = models.ForeignKey(
        Structure, models.CASCADE, related_name="relations_out", verbose_name="structure"
    )
    kind = models.CharField("nature", max_length=40, choices=RelationKind.choices)
    target = models.ForeignKey(
        Structure,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="relations_in",
        verbose_name="structure liée",
    )
    joint_act = models.CharField(
        "acte collectif",
        max_length=300,
        blank=True,
        help_text="Pour « signataire de » et « co-organisateur de » : la convention ou l'événement.",
    )
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin", null=True, blank=True)
    date_precision = models.CharField(
        "précision des dates", max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    description = models.TextField("description", blank=True)
    # A structure's own declaration that it belongs to a network waits for the network's consent; what
    # sources state (reference data, imports) is confirmed from the start.
    state = models.CharField(
        "consentement", max_length=10, choices=RelationState.choices, default=RelationState.ACCEPTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="décidée par",
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    refusal_reason = models.TextField("motif du refus", blank=True)
    version = version_field()

    objects = RelationQuerySet.as_manager()

    class Meta:
        verbose_name = "relation"
        verbose_name_plural = "relations"
        ordering = ["source", "kind", "start_date"]
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("target")), name="relation_not_to_itself"),
            models.CheckConstraint(
                condition=Q(target__isnull=False) | ~Q(joint_act=""), name="relation_has_target_or_act"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="relation_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "joint_act"], name="relation_kind_act_idx"),
            models.Index(
                fields=["target", "kind"],
                condition=Q(state=RelationState.DECLARED),
                name="relation_declared_idx",
            ),
        ]

    def __str__(self) -> str:
        other = str(self.target) if self.target_id else self.joint_act
        return f"{self.source} — {self.get_kind_display().lower()} — {other}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind in JOINT_ACT_KINDS:
            if not self.joint_act:
                errors["joint_act"] = "Nommez la convention ou l'événement."
            if self.target_id is not None:
                errors["target"] = "Ce lien porte sur une convention ou un événement, pas sur une structure."
        else:
            if self.target_id is None:
                errors["target"] = "Choisissez la structure liée."
            elif self.target_id == self.source_id:
                errors["target"] = "Une structure ne peut pas être liée à elle-même."
            if self.joint_act:
                errors["joint_act"] = "Réservé aux conventions signées et aux événements co-organisés."
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "La fin ne peut pas précéder le début."
        if errors:
            raise ValidationError(errors)

    def period_display(self) -> str:
        """Return the dates as precise as known: "octobre 2010", "du 20 mars 2012 au 21 mars 2012"."""
        start = partial_date_display(self.start_date, self.date_precision)
        end = partial_date_display(self.end_date, self.date_precision)
        if start and end and start != end:
            return f"du {start} au {end}"
        if end and not start:
            return f"fin : {end}"
        return start

    def is_current(self, on: datetime.date | None = None) -> bool:
        """Tell whether the relation is in force on a day, by the same rule as `current_condition`."""
        day = on or timezone.localdate()
        return (
            self.state == RelationState.ACCEPTED
            and (self.start_date is None or self.start_date <= day)
            and (self.end_date is None or self.end_date >= day)
        )

    @property
    def is_declared(self) -> bool:
        return self.state == RelationState.DECLARED
