"""Background recompute of the quality scores."""

from django.tasks import task

from maillage.quality.services import score_refresh_model

STRUCTURE = "structures.structure"


@task
def quality_recompute(communes: str) -> int:
    """Score again the structures of the communes given (comma-separated ids; "*" for every structure)."""
    chosen = None if communes == "*" else [c for c in communes.split(",") if c]
    return score_refresh_model(label=STRUCTURE, communes=chosen)
