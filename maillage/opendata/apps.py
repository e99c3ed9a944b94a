from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "maillage.opendata"
    verbose_name = "Données ouvertes"

    def ready(self) -> None:
        """Register the core datasets: the directory, its relations and networks, key figures, indicators."""
        from maillage.opendata import core_datasets  # noqa: PLC0415 (apps are ready only now)

        core_datasets.register_core_datasets()
