"""Registrations: a seat decided by the database, a waiting list promoted on cancellation, mails after commit.

A seat is one conditional UPDATE of the event's (or session's) counter, `seats_taken = seats_taken + 1
WHERE seats_taken < capacity`: of two people asking for the last seat at once, the database lets one
UPDATE match and the other finds the counter full and joins the waiting list. SQLite serialises writing
transactions (IMMEDIATE mode); PostgreSQL re-checks the condition on the row after the other writer commits.
A cancelled seat passes straight to the first person waiting, in the same transaction, so the counter never
drops and no third person can slip in between.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.emails import send_after_commit
from maillage.events.enums import EventStatus, RegistrationStatus
from maillage.events.models import Event, Registration, Session


class RegistrationClosedError(ValidationError):
    """The event takes no registration (closed, cancelled, withdrawn, no seat count)."""


def cancel_url(registration: Registration) -> str:
    """Return the address where the person cancels, carrying the registration's secret token."""
    return f"{settings.SITE_URL}{reverse('events:cancel', kwargs={'token': registration.token})}"


def _check_open(event: Event, session: Session | None) -> None:
    if event.status != EventStatus.PUBLISHED or event.withdrawn_at is not None or not event.registration_open:
        raise RegistrationClosedError("Les inscriptions à cet événement ne sont pas ouvertes.")
    target = session if session is not None else event
    if target.capacity is None:
        raise RegistrationClosedError("Cet événement ne prend pas d'inscription.")
    if event.end_date < timezone.localdate():
        raise RegistrationClosedError("Cet événement est passé.")
    if session is not None and session.event_id != event.pk:
        raise RegistrationClosedError("Cette séance n'appartient pas à cet événement.")


def registration_create(
    *,
    actor: Any,
    event: Event,
    name: str,
    email: str,
    structure_name: str = "",
    session: Session | None = None,
) -> Registration:
    """Register a person: a seat if one is left, else a place on the waiting list; mail them after commit."""
    _check_open(event, session)
    name, email = name.strip(), email.strip().lower()
    if not name or not email:
        raise ValidationError("Indiquez votre nom et votre courriel.")
    model: type[Event] | type[Session] = Session if session is not None else Event
    target_pk = session.pk if session is not None else event.pk
    try:
        with transaction.atomic():
            active = Registration.objects.filter(
                event=event, session=session, email=email, status__in=_ACTIVE
            )
            if active.exists():
                raise ValidationError("Cette adresse est déjà inscrite à cet événement.")
            seated = model.objects.filter(pk=target_pk, seats_taken__lt=F("capacity")).update(
                seats_taken=F("seats_taken") + 1
            )
            registration = Registration.objects.create(
                event=event,
                session=session,
                user=actor if getattr(actor, "is_authenticated", False) else None,
                name=name[:200],
                email=email,
                structure_name=structure_name.strip()[:255],
                status=RegistrationStatus.CONFIRMED if seated else RegistrationStatus.WAITING,
            )
            _mail(registration, "confirmed" if seated else "waiting")
    except IntegrityError as error:
        # The partial unique constraint: the same address registered twice at the same instant.
        raise ValidationError("Cette adresse est déjà inscrite à cet événement.") from error
    return registration


_ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


def registration_cancel(*, token: str) -> Registration | None:
    """Cancel the registration with this token; a freed seat goes to the first person waiting, mailed.

    Return None when no registration has this token; cancelling twice changes nothing.
    """
    with transaction.atomic():
        registration = Registration.objects.select_related("event", "session").filter(token=token).first()
        if registration is None:
            return None
        now = timezone.now()
        mine = Registration.objects.filter(pk=registration.pk)
        # The condition decides what the registration was when cancelled, even if it was promoted meanwhile.
        if mine.filter(status=RegistrationStatus.CONFIRMED).update(
            status=RegistrationStatus.CANCELLED, cancelled_at=now
        ):
            _release_seat(registration, now)
        else:
            mine.filter(status=RegistrationStatus.WAITING).update(
                status=RegistrationStatus.CANCELLED, cancelled_at=now
            )
        registration.refresh_from_db()
    return registration


def _release_seat(cancelled: Registration, now: Any) -> None:
    """Hand the seat to the first person waiting for the same event or session, or free it."""
    waiting = Registration.objects.filter(
        event_id=cancelled.event_id, session=cancelled.session, status=RegistrationStatus.WAITING
    ).order_by("created_at", "id")
    for candidate in waiting[:20]:
        promoted = Registration.objects.filter(pk=candidate.pk, status=RegistrationStatus.WAITING).update(
            status=RegistrationStatus.CONFIRMED, promoted_at=now
        )
        if promoted:  # another cancellation may have promoted this one first: then try the next
            candidate.status = RegistrationStatus.CONFIRMED
            _mail(candidate, "promoted")
            return
    model: type[Event] | type[Session] = Session if cancelled.session_id else Event
    target_pk = cancelled.session_id or cancelled.event_id
    model.objects.filter(pk=target_pk, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


SUBJECTS = {
    "confirmed": "Inscription confirmée : {}",
    "waiting": "Liste d'attente : {}",
    "promoted": "Une place s'est libérée : {}",
    "reminder": "Rappel : {}",
}


def _mail(registration: Registration, kind: str) -> None:
    event = registration.event
    send_after_commit(
        to=[registration.email],
        subject=SUBJECTS[kind].format(event.title)[:150],
        template=f"emails/events_{kind}.txt",
        context={
            "registration": registration,
            "event": event,
            "session": registration.session,
            "event_url": f"{settings.SITE_URL}{event.get_absolute_url()}",
            "cancel_url": cancel_url(registration),
        },
    )


def registrations_remind(*, within_days: int = 2) -> int:
    """Mail a reminder to everyone with a seat at an event starting within `within_days`; return how many."""
    today = timezone.localdate()
    due = Registration.objects.select_related("event", "session").filter(
        status=RegistrationStatus.CONFIRMED,
        reminded_at__isnull=True,
        event__status=EventStatus.PUBLISHED,
        event__start_date__gte=today,
        event__start_date__lte=today + datetime.timedelta(days=within_days),
    )
    count = 0
    with transaction.atomic():
        for registration in due:
            # Conditional: two runs at once send one reminder each, never two to one person.
            if Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            ):
                _mail(registration, "reminder")
                count += 1
    return count


def registrations_erase_past(*, after_days: int) -> int:
    """Erase the registrants' personal data once their event ended `after_days` ago; return how many."""
    limit = timezone.localdate() - datetime.timedelta(days=after_days)
    erased = Registration.objects.filter(event__end_date__lt=limit, erased_at__isnull=True)
    return erased.update(
        name="", email="", structure_name="", user=None, erased_at=timezone.now(), token=_erased_token()
    )


def _erased_token() -> Any:
    # Each row needs its own unique token: derive it from the primary key, never a usable secret.
    from django.db.models import Value  # noqa: PLC0415
    from django.db.models.functions import Concat  # noqa: PLC0415

    return Concat(Value("erased-"), F("id"), output_field=Registration._meta.get_field("token"))
