from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "maillage.employers"
    verbose_name = "Groupements d'employeurs"

    def ready(self) -> None:
        from maillage.employers.indicators import SHARED_POSITIONS  # noqa: PLC0415
        from maillage.employers.models import SharedPosition  # noqa: PLC0415 (ready() runs once apps are loaded)
        from maillage.employers.permissions import position_rule  # noqa: PLC0415
        from maillage.memberships.rules import register_rule  # noqa: PLC0415
        from maillage.observatory.features import register_feature_indicator  # noqa: PLC0415

        register_rule(SharedPosition, position_rule)
        register_feature_indicator(SHARED_POSITIONS)
