"""The observatory's indicators of shared places: places and spaces in a territory, bookings per year."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import ExtractYear

from maillage.bookings.enums import BookingState
from maillage.bookings.models import Booking
from maillage.observatory.features import FeatureIndicator, secret_counts
from maillage.places.models import Place, Space
from maillage.territories.models import Territory

# A booking counts once the place accepted it, whatever came next; requests refused or cancelled do not.
BOOKED_STATES = (BookingState.ACCEPTED, BookingState.HANDED_OVER, BookingState.RETURNED, BookingState.CLOSED)
SECRECY_NOTE = " Secret statistique : un nombre de 1 à 4 n'est pas publié."
SOURCE = "Lieux partagés sur maillage (saisies des structures qui les gèrent)"


def shared_places(territory: Territory) -> list[tuple[str, str, int | None]]:
    """Return the places open to bookings managed from the territory, and their spaces on offer."""
    places = Place.objects.filter(
        withdrawn_at__isnull=True, owner__commune__container_links__territory_id=territory.pk
    )
    spaces = Space.objects.filter(resource__withdrawn_at__isnull=True, place__in=places)
    return secret_counts(
        [("places", "Lieux partagés", places.count()), ("spaces", "Espaces à réserver", spaces.count())]
    )


def space_bookings_by_year(territory: Territory) -> list[tuple[str, str, int | None]]:
    """Return the bookings of spaces of places managed from the territory, then per year."""
    bookings = Booking.objects.filter(
        resource__space__isnull=False,
        state__in=BOOKED_STATES,
        resource__space__place__owner__commune__container_links__territory_id=territory.pk,
    )
    counts = dict(
        bookings.annotate(year=ExtractYear("start"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    rows = [("", "Toutes années", sum(counts.values()))]
    rows += [(str(year), str(year), counts[year]) for year in sorted(counts)]
    return secret_counts(rows)


SHARED_PLACES = FeatureIndicator(
    key="shared_places",
    label="Lieux partagés et espaces à réserver",
    definition=(
        "Nombre de lieux partagés ouverts aux réservations (non retirés à la date du calcul) dont la "
        "structure gestionnaire a sa commune dans le territoire, et nombre de leurs espaces (salles, "
        "studios, bureaux…) proposés à la réservation. Calculé à la demande, sans donnée personnelle."
        + SECRECY_NOTE
    ),
    unit="lieux ou espaces",
    source=SOURCE,
    breakdown_label="nature",
    compute=shared_places,
)
SPACE_BOOKINGS_BY_YEAR = FeatureIndicator(
    key="space_bookings_by_year",
    label="Réservations d'espaces de lieux partagés par année",
    definition=(
        "Nombre de réservations d'espaces acceptées par le lieu (puis en cours, terminées ou closes ; "
        "hors demandes refusées ou annulées), dans les lieux dont la structure gestionnaire a sa commune "
        "dans le territoire ; puis le même nombre par année du début de la réservation. Calculé à la "
        "demande, sans donnée personnelle. Secret statistique : un nombre de 1 à 4 n'est pas publié, ni "
        "la plus petite autre année quand le total permettrait de le retrouver."
    ),
    unit="réservations",
    source=SOURCE,
    breakdown_label="année",
    compute=space_bookings_by_year,
)
