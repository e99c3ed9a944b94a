from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "maillage.schemes"
    verbose_name = "Dispositifs d'accompagnement et de financement"

    def ready(self) -> None:
        """Plug the catalogue into core's registries: permissions, reference data, indicators."""
        from maillage.schemes import registrations  # noqa: PLC0415 (apps are ready only now)

        registrations.register_all()
