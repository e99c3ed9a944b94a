from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "maillage.observatory"
    verbose_name = "Observatoire territorial"

    def ready(self) -> None:
        # Imported here: the listener uses the models, which exist only once apps are ready.
        from maillage.observatory.triggers import snapshot_after_directory_change  # noqa: PLC0415
        from maillage.structures.changes import register_change_listener  # noqa: PLC0415

        register_change_listener(
            "observatory.snapshot", snapshot_after_directory_change, label="indicateurs de l'observatoire"
        )
