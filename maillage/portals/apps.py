from django.apps import AppConfig


class PortalsConfig(AppConfig):
    name = "maillage.portals"
    verbose_name = "Portails partenaires"

    def ready(self) -> None:
        """Plug portals into core's registries: permissions, personal data, merges."""
        from maillage.accounts.personal_data import PersonalDataSection, register  # noqa: PLC0415 (apps are ready only now)
        from maillage.history.merge import register_merge_participant  # noqa: PLC0415
        from maillage.memberships.rules import register_rule  # noqa: PLC0415
        from maillage.portals.models import Portal  # noqa: PLC0415
        from maillage.portals.personal_data import portals_erase, portals_export  # noqa: PLC0415
        from maillage.portals.receivers import move_portal_choices_to_kept_structure  # noqa: PLC0415
        from maillage.portals.rules import portal_rule  # noqa: PLC0415

        register_rule(Portal, portal_rule)
        register(PersonalDataSection("portals", export=portals_export, erase=portals_erase))
        register_merge_participant("portals.move_choices", move_portal_choices_to_kept_structure)
