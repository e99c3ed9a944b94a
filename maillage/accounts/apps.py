from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "maillage.accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from maillage.accounts.personal_data import register_core_sections  # noqa: PLC0415 (apps loaded)

        register_core_sections()
