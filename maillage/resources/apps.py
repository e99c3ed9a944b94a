from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "maillage.resources"
    verbose_name = "Ressources"

    def ready(self) -> None:
        """Plug the library into core's registries: permissions, reference data, merges, link checks."""
        from maillage.history.merge import register_merge_participant  # noqa: PLC0415 (apps are ready only now)
        from maillage.memberships.rules import register_rule  # noqa: PLC0415
        from maillage.opendata.registry import register_dataset  # noqa: PLC0415
        from maillage.resources.links import register_links  # noqa: PLC0415
        from maillage.resources.models import Collection, Resource  # noqa: PLC0415
        from maillage.resources.opendata import resources_dataset  # noqa: PLC0415
        from maillage.resources.receivers import move_resource_links_to_kept_structure  # noqa: PLC0415
        from maillage.resources.reference import load_reference_resources  # noqa: PLC0415
        from maillage.resources.rules import library_rule  # noqa: PLC0415
        from maillage.structures.reference.extensions import register_reference_loader  # noqa: PLC0415

        register_rule(Resource, library_rule)
        register_rule(Collection, library_rule)
        register_reference_loader("resources", load_reference_resources)
        register_merge_participant("resources.move_links", move_resource_links_to_kept_structure)
        register_links()
        register_dataset(resources_dataset())
