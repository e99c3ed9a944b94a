"""A bookable resource owned by a structure, its bookings and their history."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models

from maillage.bookings.enums import BookingState, Unit
from maillage.concurrency.versions import version_field


def new_feed_token() -> str:
    """Return the secret part of a private calendar feed's address."""
    return secrets.token_urlsafe(24)


class Resource(models.Model):
    """Something a structure lends or lets: an item of equipment, a room."""

    owner = models.ForeignKey(
        "structures.Structure", on_delete=models.PROTECT, related_name="bookable_resources"
    )
    name = models.CharField("nom", max_length=200)
    unit = models.CharField("unité", max_length=8, choices=Unit.choices, default=Unit.DAY)
    buffer = models.DurationField(
        "battement",
        default=datetime.timedelta(0),
        help_text="Temps laissé libre après chaque réservation (vérification, transport).",
    )
    approval_required = models.BooleanField(
        "sur accord du propriétaire",
        default=True,
        help_text="Sinon, une demande est acceptée d'emblée si la période est libre.",
    )
    feed_token = models.CharField(
        "jeton du calendrier", max_length=64, unique=True, default=new_feed_token, editable=False
    )
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)
    version = version_field()
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "ressource réservable"
        verbose_name_plural = "ressources réservables"
        ordering = ["name", "pk"]
        indexes = [
            # The few withdrawn resources, which searches of what is on offer leave out as a set.
            models.Index(
                fields=["withdrawn_at"],
                name="resource_withdrawn_idx",
                condition=models.Q(withdrawn_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.name


class StructureFeed(models.Model):
    """The private token of a structure's calendar of bookings (its resources and its requests)."""

    structure = models.OneToOneField(
        "structures.Structure", on_delete=models.CASCADE, related_name="booking_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)

    class Meta:
        verbose_name = "calendrier d'une structure"

    def __str__(self) -> str:
        return f"Calendrier de {self.structure}"


class Booking(models.Model):
    """A period of a resource requested by a structure; the state machine lives in services."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    requester = models.ForeignKey(
        "structures.Structure", on_delete=models.PROTECT, related_name="bookings_requested"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    start = models.DateTimeField("début")
    end = models.DateTimeField("fin")
    # End plus the resource's buffer, stored so that the database's constraint compares two columns.
    blocked_until = models.DateTimeField("bloquée jusqu'au", editable=False)
    state = models.CharField(
        "état", max_length=16, choices=BookingState.choices, default=BookingState.REQUESTED, db_index=True
    )
    note = models.TextField("message", blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField("motif d'annulation", blank=True)
    # A loan handed straight from one borrower to the next.
    chained_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="chained_to"
    )
    version = version_field()
    created_at = models.DateTimeField("demandée le", auto_now_add=True)

    class Meta:
        verbose_name = "réservation"
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["resource", "state", "start"]),
            # Searches of what is free: the holding bookings that end after a date, read from the index alone.
            models.Index(fields=["state", "blocked_until", "start", "resource"], name="booking_holding_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="booking_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource} pour {self.requester}"


class BookingEvent(models.Model):
    """One step of a booking's history: who moved it to which state, when, and why."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    state = models.CharField("état", max_length=16, choices=BookingState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("le", auto_now_add=True)
    note = models.TextField("note", blank=True)

    class Meta:
        verbose_name = "étape d'une réservation"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.booking} : {self.get_state_display()}"
