from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "maillage.contributions"
    verbose_name = "Contributions et modération"

    def ready(self) -> None:
        # Imported here: the registry's callables use the models, which exist only once apps are ready.
        from maillage.accounts.confirmation import register_confirmation_listener  # noqa: PLC0415
        from maillage.accounts.personal_data import PersonalDataSection, register  # noqa: PLC0415
        from maillage.contributions.coordinations import honour_invitations  # noqa: PLC0415
        from maillage.contributions.personal_data import (  # noqa: PLC0415
            contributions_erase,
            contributions_export,
        )
        from maillage.contributions.receivers import move_to_kept_structure  # noqa: PLC0415
        from maillage.contributions.source_changes import (  # noqa: PLC0415
            source_decisions_erase,
            source_decisions_export,
        )
        from maillage.history.merge import register_merge_participant  # noqa: PLC0415

        register(PersonalDataSection("contributions", export=contributions_export, erase=contributions_erase))
        register(PersonalDataSection("sources", export=source_decisions_export, erase=source_decisions_erase))
        register_merge_participant("contributions.move_to_kept_structure", move_to_kept_structure)
        register_confirmation_listener(honour_invitations)
