from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "maillage.initiatives"
    verbose_name = "Initiatives et PTCE"

    def ready(self) -> None:
        """Plug fiches and charter into core's registries: permissions, reference, personal and open data."""
        from maillage.accounts.personal_data import PersonalDataSection, register  # noqa: PLC0415
        from maillage.initiatives.models import CharterSignature, Initiative  # noqa: PLC0415
        from maillage.initiatives.opendata import initiatives_dataset  # noqa: PLC0415
        from maillage.initiatives.personal_data import erase_signatures, export_signatures  # noqa: PLC0415
        from maillage.initiatives.reference import load_reference_initiatives  # noqa: PLC0415
        from maillage.initiatives.rules import charter_rule, initiative_rule  # noqa: PLC0415
        from maillage.memberships.rules import register_rule  # noqa: PLC0415
        from maillage.opendata.registry import register_dataset  # noqa: PLC0415
        from maillage.structures.reference.extensions import register_reference_loader  # noqa: PLC0415

        register_rule(Initiative, initiative_rule)
        register_rule(CharterSignature, charter_rule)
        register_reference_loader("initiatives", load_reference_initiatives)
        register(PersonalDataSection("charter_signatures", export=export_signatures, erase=erase_signatures))
        register_dataset(initiatives_dataset())
