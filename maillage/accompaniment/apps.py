from django.apps import AppConfig


class AccompanimentConfig(AppConfig):
    name = "maillage.accompaniment"
    verbose_name = "Accompagnement"

    def ready(self) -> None:
        from maillage.accompaniment.attachments import attachment_rule  # noqa: PLC0415
        from maillage.accompaniment.indicators import INDICATORS  # noqa: PLC0415 (ready() runs once apps are loaded)
        from maillage.accompaniment.models import Attachment, Body, Case, Intervention  # noqa: PLC0415
        from maillage.accompaniment.panel import structure_panel  # noqa: PLC0415
        from maillage.accompaniment.personal_data import erase_person, export_person  # noqa: PLC0415
        from maillage.accompaniment.rules import body_rule, case_rule, intervention_rule  # noqa: PLC0415
        from maillage.accounts.personal_data import PersonalDataSection, register  # noqa: PLC0415
        from maillage.memberships.rules import register_rule  # noqa: PLC0415
        from maillage.observatory.features import register_feature_indicator  # noqa: PLC0415
        from maillage.operations.backups import register_backed_up_storage  # noqa: PLC0415
        from maillage.structures.panels import register_structure_panel  # noqa: PLC0415

        register(PersonalDataSection("accompaniment", export=export_person, erase=erase_person))
        register_rule(Case, case_rule)
        register_rule(Intervention, intervention_rule)
        register_rule(Body, body_rule)
        register_rule(Attachment, attachment_rule)
        register_structure_panel(structure_panel)
        # Case documents live outside MEDIA_ROOT: without this a restored site would list lost files.
        register_backed_up_storage("accompagnement", Attachment._meta.get_field("file").storage)
        for indicator in INDICATORS:
            register_feature_indicator(indicator)
