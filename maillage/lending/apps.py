from django.apps import AppConfig


class LendingConfig(AppConfig):
    name = "maillage.lending"
    verbose_name = "Prêt de matériel"

    def ready(self) -> None:
        from maillage.accounts.personal_data import PersonalDataSection, register  # noqa: PLC0415 (ready() runs once apps are loaded)
        from maillage.lending.indicators import LOANS_BY_YEAR, POOLED_ITEMS  # noqa: PLC0415
        from maillage.lending.models import ConditionReport, Dispute, Item  # noqa: PLC0415
        from maillage.lending.permissions import dispute_rule, item_rule, report_rule  # noqa: PLC0415
        from maillage.lending.personal_data import erase_reports, export_reports  # noqa: PLC0415
        from maillage.memberships.rules import register_rule  # noqa: PLC0415
        from maillage.observatory.features import register_feature_indicator  # noqa: PLC0415

        register(PersonalDataSection("lending", export=export_reports, erase=erase_reports))
        register_rule(Item, item_rule)
        register_rule(ConditionReport, report_rule)
        register_rule(Dispute, dispute_rule)
        register_feature_indicator(POOLED_ITEMS)
        register_feature_indicator(LOANS_BY_YEAR)
