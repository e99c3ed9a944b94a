"""Refusals of the booking engine, each a ValidationError with a French message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from maillage.bookings.periods import describe

if TYPE_CHECKING:
    from maillage.bookings.models import Booking


class BookingConflictError(ValidationError):
    """The period overlaps a booking that holds the resource: the message names its dates."""

    def __init__(self, *, conflicting: Booking | None, resource_name: str) -> None:
        self.conflicting = conflicting
        if conflicting is None:
            message = (
                f"« {resource_name} » vient d'être réservé sur cette période par une autre demande : "
                "choisissez d'autres dates."
            )
        else:
            period = describe(conflicting.start, conflicting.end, conflicting.resource.unit)
            buffer = " (battement compris)" if conflicting.resource.buffer else ""
            message = (
                f"« {resource_name} » est déjà réservé {period}{buffer} : "
                "choisissez d'autres dates ou une autre ressource."
            )
        super().__init__(message, code="booking_conflict")


class BookingStateError(ValidationError):
    """The booking cannot move to that state from where it is."""

    def __init__(self, *, current: str, wanted: str) -> None:
        super().__init__(
            f"Cette réservation est « {current} » : elle ne peut pas passer à « {wanted} ».",
            code="booking_state",
        )
