from django.apps import AppConfig


class ConventionsConfig(AppConfig):
    name = "maillage.conventions"
    verbose_name = "Conventions de partenariat"

    def ready(self) -> None:
        from maillage.conventions.receivers import move_convention_links_to_kept_structure  # noqa: PLC0415
        from maillage.conventions.reference import load_reference_convention  # noqa: PLC0415 (ready() runs once apps are loaded)
        from maillage.history.merge import register_merge_participant  # noqa: PLC0415
        from maillage.structures.reference.extensions import register_reference_loader  # noqa: PLC0415

        register_reference_loader("conventions", load_reference_convention)
        register_merge_participant("conventions.move_links", move_convention_links_to_kept_structure)
