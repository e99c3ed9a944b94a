from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "maillage.quality"
    verbose_name = "Qualité des fiches"

    def ready(self) -> None:
        """Score structures on their own fields and keep the scores in step with the directory."""
        # Imported here: the scorer and the recorder use the models, which exist only once apps are ready.
        from maillage.quality.keeping import ScoreRecorder, scores_after_directory_change  # noqa: PLC0415
        from maillage.quality.registry import register_scorer  # noqa: PLC0415
        from maillage.quality.structure_scorer import structure_scorer  # noqa: PLC0415
        from maillage.structures.changes import register_change_listener  # noqa: PLC0415
        from maillage.structures.models import Structure  # noqa: PLC0415
        from maillage.structures.recorders import register_recorder  # noqa: PLC0415

        register_scorer(Structure, structure_scorer, name="structure")
        register_recorder("quality", ScoreRecorder())
        register_change_listener("quality.scores", scores_after_directory_change, label="scores de qualité")
