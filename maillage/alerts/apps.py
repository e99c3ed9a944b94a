from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "maillage.alerts"
    verbose_name = "Alertes"

    def ready(self) -> None:
        # Imported here: the callables use the models, which exist only once apps are ready.
        from maillage.accounts.personal_data import PersonalDataSection, register  # noqa: PLC0415
        from maillage.alerts.directory import STRUCTURES_KIND  # noqa: PLC0415
        from maillage.alerts.personal_data import alerts_erase, alerts_export  # noqa: PLC0415
        from maillage.alerts.registry import register_alert_kind  # noqa: PLC0415

        register_alert_kind(STRUCTURES_KIND)
        register(PersonalDataSection("alerts", export=alerts_export, erase=alerts_erase))
