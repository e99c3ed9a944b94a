from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "maillage.history"
    verbose_name = "Historique des fiches"

    def ready(self) -> None:
        # Imported here: the registry's callables use the models, which exist only once apps are ready.
        from maillage.accounts.personal_data import PersonalDataSection, register  # noqa: PLC0415
        from maillage.history import services  # noqa: PLC0415
        from maillage.history.personal_data import history_erase, history_export  # noqa: PLC0415
        from maillage.structures.recorders import register_recorder  # noqa: PLC0415

        register(PersonalDataSection("history", export=history_export, erase=history_erase))
        # The module's three revision_record_* functions are the recorder the structures services call.
        register_recorder("history", services)
