from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "maillage.links"
    verbose_name = "Vérification des liens"

    def ready(self) -> None:
        """Score structures on their broken links (quality's registry) and watch their web sites."""
        from maillage.links.quality import broken_links_scorer, structure_websites  # noqa: PLC0415
        from maillage.links.registry import register_link_source  # noqa: PLC0415
        from maillage.quality.registry import register_scorer  # noqa: PLC0415
        from maillage.structures.models import Structure  # noqa: PLC0415

        register_scorer(Structure, broken_links_scorer, name="links")
        register_link_source("structures", urls=structure_websites)
