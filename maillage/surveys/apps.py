from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "maillage.surveys"
    verbose_name = "Enquêtes de besoins"

    def ready(self) -> None:
        from maillage.accounts.personal_data import PersonalDataSection, register  # noqa: PLC0415 (ready() runs once apps are loaded)
        from maillage.history.merge import register_merge_participant  # noqa: PLC0415
        from maillage.surveys.personal_data import erase_responses, export_responses  # noqa: PLC0415 (imports models)
        from maillage.surveys.receivers import move_responses_to_kept_structure  # noqa: PLC0415

        register(PersonalDataSection("surveys", export=export_responses, erase=erase_responses))
        register_merge_participant("surveys.move_responses", move_responses_to_kept_structure)
