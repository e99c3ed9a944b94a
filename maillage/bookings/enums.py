"""States of a booking and units of a bookable resource."""

from django.db import models


class Unit(models.TextChoices):
    DAY = "day", "À la journée"
    HOUR = "hour", "À l'heure"


class BookingState(models.TextChoices):
    REQUESTED = "requested", "Demandée"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"
    HANDED_OVER = "handed_over", "Remise"
    RETURNED = "returned", "Rendue"
    CLOSED = "closed", "Close"
    CANCELLED = "cancelled", "Annulée"


# States that hold the resource: two bookings of one resource in these states never overlap.
BLOCKING_STATES = (BookingState.ACCEPTED, BookingState.HANDED_OVER)

# States of a booking the owner accepted, whatever came next: what the observatory counts (requests refused
# or cancelled are not bookings that took place).
ACCEPTED_STATES = (
    BookingState.ACCEPTED,
    BookingState.HANDED_OVER,
    BookingState.RETURNED,
    BookingState.CLOSED,
)

# Allowed moves; anything else is refused with a French message.
TRANSITIONS: dict[str, frozenset[str]] = {
    BookingState.REQUESTED: frozenset({BookingState.ACCEPTED, BookingState.REFUSED, BookingState.CANCELLED}),
    BookingState.ACCEPTED: frozenset({BookingState.HANDED_OVER, BookingState.CANCELLED}),
    BookingState.HANDED_OVER: frozenset({BookingState.RETURNED}),
    BookingState.RETURNED: frozenset({BookingState.CLOSED}),
    BookingState.REFUSED: frozenset(),
    BookingState.CLOSED: frozenset(),
    BookingState.CANCELLED: frozenset(),
}
