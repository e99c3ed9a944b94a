"""The observatory's indicators of shared places: places and spaces in a territory, bookings per year."""

from __future__ import annotations

from maillage.bookings.enums import ACCEPTED_STATES
from maillage.bookings.models import Booking
from maillage.observatory.features import SECRECY_NOTE, FeatureIndicator, counts_by_year, secret_counts
from maillage.places.models import Place, Space
from maillage.territories.models import Territory

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
        state__in=ACCEPTED_STATES,
        resource__space__place__owner__commune__container_links__territory_id=territory.pk,
    )
    return counts_by_year(bookings, "start")


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
        "demande, sans donnée personnelle." + SECRECY_NOTE
    ),
    unit="réservations",
    source=SOURCE,
    breakdown_label="année",
    compute=space_bookings_by_year,
)
