from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "maillage.calls"
    verbose_name = "Appels à projets"

    def ready(self) -> None:
        """Plug the calls into core's registries: permissions, personal data, merges, conflict sources."""
        from maillage.calls import registrations  # noqa: PLC0415 (apps are ready only now)

        registrations.register_all()
