from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "maillage.places"
    verbose_name = "Lieux partagés"

    def ready(self) -> None:
        # No personal-data section: a place, its spaces and closing days name structures only; the people
        # who ask for a space are in the booking engine's section.
        from maillage.memberships.rules import register_rule  # noqa: PLC0415 (ready() runs once apps are loaded)
        from maillage.observatory.features import register_feature_indicator  # noqa: PLC0415
        from maillage.places.indicators import SHARED_PLACES, SPACE_BOOKINGS_BY_YEAR  # noqa: PLC0415
        from maillage.places.models import Place, Space  # noqa: PLC0415
        from maillage.places.permissions import place_rule, space_rule  # noqa: PLC0415

        register_rule(Place, place_rule)
        register_rule(Space, space_rule)
        register_feature_indicator(SHARED_PLACES)
        register_feature_indicator(SPACE_BOOKINGS_BY_YEAR)
