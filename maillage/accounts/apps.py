from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "maillage.accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from maillage.accounts.personal_data import register_core_sections  # noqa: PLC0415 (apps loaded)
        from maillage.accounts.role_mail import tell_role_granted  # noqa: PLC0415
        from maillage.memberships.grants import register_grant_listener  # noqa: PLC0415

        register_core_sections()
        register_grant_listener(tell_role_granted)
