"""Events of the field: a meeting with its organisers, place, dates, programme, series and registrations."""

from __future__ import annotations

import datetime
import secrets
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from maillage.concurrency.versions import version_field
from maillage.events.enums import (
    AttendanceMode,
    EventKind,
    EventSource,
    EventStatus,
    OrganiserRole,
    RegistrationStatus,
    SeriesKind,
)
from maillage.events.managers import EventQuerySet
from maillage.structures.enums import DatePrecision
from maillage.structures.models import Discipline, Structure
from maillage.structures.models.provenance import Sourced
from maillage.territories.models import Territory

PARIS = ZoneInfo("Europe/Paris")
# The agenda's order, that of its index: ties on the day and hour are broken by the end and the place.
AGENDA_ORDER = ("start_date", "start_time", "end_date", "commune_id", "id")


class EventSeries(Sourced):
    """A cycle of meetings (Redon → Avignon → Saint-Étienne) or a recurring appointment."""

    title = models.CharField("titre", max_length=300)
    slug = models.SlugField("adresse courte", max_length=120, unique=True)
    kind = models.CharField("nature", max_length=20, choices=SeriesKind.choices, default=SeriesKind.CYCLE)
    description = models.TextField("présentation", blank=True)
    source = models.CharField("source", max_length=20, choices=EventSource.choices, default=EventSource.ADMIN)
    source_id = models.CharField("identifiant à la source", max_length=120, blank=True)
    version = version_field()

    class Meta:
        verbose_name = "série d'événements"
        verbose_name_plural = "séries d'événements"
        ordering = ("title",)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:series", kwargs={"slug": self.slug})


class Event(Sourced):
    """A meeting, a training, a festival…: who organises it, where, when, for whom, and how to come."""

    title = models.CharField("titre", max_length=300)
    slug = models.SlugField("adresse courte", max_length=120, unique=True)
    kind = models.CharField("type", max_length=30, choices=EventKind.choices, default=EventKind.MEETING)
    description = models.TextField("présentation", blank=True)
    status = models.CharField(
        "état", max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT, db_index=True
    )
    organisers = models.ManyToManyField(
        Structure, through="EventOrganiser", related_name="organised_events", verbose_name="organisateurs"
    )
    disciplines = models.ManyToManyField(Discipline, blank=True, related_name="events")
    # Place: an address in a commune of the referential, a link, or both.
    attendance_mode = models.CharField(
        "participation", max_length=10, choices=AttendanceMode.choices, default=AttendanceMode.OFFLINE
    )
    venue = models.CharField("lieu", max_length=255, blank=True)
    street = models.CharField("adresse", max_length=255, blank=True)
    commune = models.ForeignKey(
        Territory, models.PROTECT, null=True, blank=True, related_name="events", verbose_name="commune"
    )
    online_url = models.URLField("adresse en ligne", max_length=500, blank=True)
    # Dates as the organisers state them, in Paris time; times are optional (a whole-day meeting).
    start_date = models.DateField("premier jour", db_index=True)
    end_date = models.DateField("dernier jour", db_index=True)
    start_time = models.TimeField("heure de début", null=True, blank=True)
    end_time = models.TimeField("heure de fin", null=True, blank=True)
    # "mai 2011" is stored as 2011-05-01 with MONTH: such an event has no place in a calendar feed.
    date_precision = models.CharField(
        "précision de la date", max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    # An RFC 5545 rule (FREQ=MONTHLY;COUNT=6…) and the occurrence dates it skips.
    # Days from the first to the last day, kept by save() and the services: the longest one bounds how far
    # before a date range an event it overlaps can start, so the agenda's count walks only that far back.
    span_days = models.PositiveIntegerField("durée en jours", default=0, editable=False)
    recurrence_rule = models.CharField("règle de récurrence (RRULE)", max_length=300, blank=True)
    recurrence_exceptions = models.JSONField("dates exclues", default=list, blank=True)
    audience = models.CharField("public", max_length=300, blank=True)
    accessibility = models.TextField("accessibilité", blank=True)
    # OpenAgenda's five codes (hi: auditif, vi: visuel, mi: moteur, pi: psychique, ii: intellectuel).
    accessibility_features = models.JSONField("handicaps pris en compte", default=list, blank=True)
    price = models.CharField("tarif", max_length=200, blank=True)
    keywords = models.CharField("mots-clés", max_length=300, blank=True)
    series = models.ForeignKey(
        EventSeries, models.PROTECT, null=True, blank=True, related_name="events", verbose_name="série"
    )
    # Registration: no capacity means no registration; the seat counter is what the database decides on.
    registration_open = models.BooleanField("inscriptions ouvertes", default=False)
    capacity = models.PositiveIntegerField("places", null=True, blank=True)
    seats_taken = models.PositiveIntegerField("places prises", default=0, editable=False)
    source = models.CharField("source", max_length=20, choices=EventSource.choices, default=EventSource.ADMIN)
    source_id = models.CharField("identifiant à la source", max_length=120, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField("retiré le", null=True, blank=True, db_index=True)
    withdrawn_reason = models.CharField("motif du retrait", max_length=300, blank=True)
    # What the agenda, feeds and API list, as one column the agenda's index starts with: the database
    # keeps it in step with the status and the withdrawal.
    listed = models.GeneratedField(
        expression=Q(status__in=("published", "cancelled"), withdrawn_at__isnull=True),  # type: ignore[arg-type]  # Q resolves as a boolean expression
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name="listé",
    )
    version = version_field()

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement"
        ordering = AGENDA_ORDER
        # One index answers the agenda in order and counts it without reading the table: the date range
        # and the territory's communes are checked in the index (docs/benchmarks.md).
        indexes = [
            models.Index(
                fields=("listed", "start_date", "start_time", "end_date", "commune"), name="event_agenda"
            ),
            # A territory's count seeks each of its communes instead of scanning every date of France.
            models.Index(fields=("listed", "commune", "start_date", "end_date"), name="event_agenda_place"),
            # The longest event, read from the end of this index in one seek.
            models.Index(fields=("span_days",), name="event_span"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="event_dates_ordered"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="event_seats_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.span_days = self.span()
        if kwargs.get("update_fields") is not None and {"start_date", "end_date"} & set(
            kwargs["update_fields"]
        ):
            kwargs["update_fields"] = {*kwargs["update_fields"], "span_days"}
        super().save(*args, **kwargs)

    def span(self) -> int:
        """Return the days from the first day to the last (0 for a one-day event)."""
        if self.start_date is None or self.end_date is None:
            return 0
        return max((self.end_date - self.start_date).days, 0)

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "Le dernier jour ne peut précéder le premier."})
        if self.attendance_mode != AttendanceMode.ONLINE and self.commune_id is None and not self.venue:
            raise ValidationError({"commune": "Indiquez la commune ou le lieu d'un événement sur place."})
        if (
            self.attendance_mode != AttendanceMode.OFFLINE
            and not self.online_url
            and self.status == "published"
        ):
            raise ValidationError({"online_url": "Indiquez l'adresse en ligne de l'événement."})
        if self.recurrence_rule:
            from maillage.events.recurrence import parse_rule  # noqa: PLC0415 (dateutil only here)

            parse_rule(self.recurrence_rule, self.starts_at())

    def starts_at(self) -> datetime.datetime | datetime.date:
        """Return the start in Paris time, or the first day when no time is stated."""
        if self.start_time is None:
            return self.start_date
        return datetime.datetime.combine(self.start_date, self.start_time, tzinfo=PARIS)

    def ends_at(self) -> datetime.datetime | datetime.date:
        """Return the end in Paris time, or the day after the last day when no time is stated (iCalendar)."""
        if self.start_time is None or self.end_time is None:
            return self.end_date + datetime.timedelta(days=1)
        return datetime.datetime.combine(self.end_date, self.end_time, tzinfo=PARIS)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)


class EventOrganiser(models.Model):
    """A directory structure organising or supporting an event."""

    event = models.ForeignKey(Event, models.CASCADE, related_name="organiser_links")
    structure = models.ForeignKey(Structure, models.PROTECT, related_name="event_links")
    role = models.CharField(
        "rôle", max_length=20, choices=OrganiserRole.choices, default=OrganiserRole.ORGANISER
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "organisateur"
        ordering = ("role", "position", "id")
        constraints = [models.UniqueConstraint(fields=("event", "structure"), name="event_organiser_once")]

    def __str__(self) -> str:
        return f"{self.structure} ({self.get_role_display()})"


class Session(models.Model):
    """A time slot of an event's programme, with its room, format and speakers."""

    event = models.ForeignKey(Event, models.CASCADE, related_name="sessions")
    title = models.CharField("titre", max_length=300)
    description = models.TextField("présentation", blank=True)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    room = models.CharField("salle", max_length=200, blank=True)
    format = models.CharField("format", max_length=100, blank=True, help_text="table ronde, atelier…")
    speakers = models.ManyToManyField(Structure, blank=True, related_name="event_sessions")
    capacity = models.PositiveIntegerField("places", null=True, blank=True)
    seats_taken = models.PositiveIntegerField("places prises", default=0, editable=False)
    version = version_field()

    class Meta:
        verbose_name = "séance"
        ordering = ("starts_at", "id")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_times_ordered"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="session_seats_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SessionSpeaker(models.Model):
    """A person named as a speaker: only with their recorded consent (ADR 8), withdrawn with it."""

    session = models.ForeignKey(Session, models.CASCADE, related_name="named_speakers")
    name = models.CharField("nom", max_length=200)
    structure = models.ForeignKey(Structure, models.SET_NULL, null=True, blank=True, related_name="+")
    consent_given_at = models.DateTimeField("consentement donné le")
    consent_withdrawn_at = models.DateTimeField("consentement retiré le", null=True, blank=True)

    class Meta:
        verbose_name = "intervenant nommé"

    def __str__(self) -> str:
        return self.name


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    """A person registered to an event or one of its sessions: the minimum needed, erased after the event."""

    event = models.ForeignKey(Event, models.CASCADE, related_name="registrations")
    session = models.ForeignKey(Session, models.CASCADE, null=True, blank=True, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="event_registrations"
    )
    name = models.CharField("nom", max_length=200)
    email = models.EmailField("courriel")
    structure_name = models.CharField("structure", max_length=255, blank=True)
    status = models.CharField("état", max_length=20, choices=RegistrationStatus.choices, db_index=True)
    created_at = models.DateTimeField("inscrit le", auto_now_add=True, db_index=True)
    promoted_at = models.DateTimeField("sorti de la liste d'attente le", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    reminded_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)
    erased_at = models.DateTimeField("données effacées le", null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)

    class Meta:
        verbose_name = "inscription"
        ordering = ("created_at", "id")
        # One active registration per address and event (or session); cancelled and erased ones don't count.
        constraints = [
            models.UniqueConstraint(
                fields=("event", "email"),
                condition=Q(
                    session__isnull=True, status__in=("confirmed", "waiting"), erased_at__isnull=True
                ),
                name="registration_once_per_event",
            ),
            models.UniqueConstraint(
                fields=("session", "email"),
                condition=Q(
                    session__isnull=False, status__in=("confirmed", "waiting"), erased_at__isnull=True
                ),
                name="registration_once_per_session",
            ),
        ]
        indexes = [
            models.Index(fields=("event", "session", "status", "created_at"), name="registration_queue")
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    def target(self) -> Any:
        """Return what the seat is taken on: the session, or the event itself."""
        return self.session if self.session_id else self.event


class CalendarFeed(models.Model):
    """The secret address of a person's own calendar of registrations."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "agenda personnel"

    def __str__(self) -> str:
        return f"agenda de {self.user}"
