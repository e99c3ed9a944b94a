from django.apps import AppConfig


class MembershipsConfig(AppConfig):
    name = "maillage.memberships"
    verbose_name = "Rôles et périmètres"

    def ready(self) -> None:
        # Imported here: the registry's callables use the models, which exist only once apps are ready.
        from maillage.accounts.personal_data import PersonalDataSection, register  # noqa: PLC0415
        from maillage.memberships.personal_data import role_log_erase, role_log_export  # noqa: PLC0415

        register(PersonalDataSection("role_log", export=role_log_export, erase=role_log_erase))
