from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "maillage.bookings"
    verbose_name = "Réservations"

    def ready(self) -> None:
        from maillage.accounts.personal_data import PersonalDataSection, register  # noqa: PLC0415 (ready() runs once apps are loaded)
        from maillage.bookings.models import Booking, Resource  # noqa: PLC0415
        from maillage.bookings.permissions import booking_rule, resource_rule  # noqa: PLC0415
        from maillage.bookings.personal_data import erase_bookings, export_bookings  # noqa: PLC0415
        from maillage.memberships.rules import register_rule  # noqa: PLC0415

        register(PersonalDataSection("bookings", export=export_bookings, erase=erase_bookings))
        register_rule(Resource, resource_rule)
        register_rule(Booking, booking_rule)
