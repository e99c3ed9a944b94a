"""Background recompute of the quality scores."""

from django.tasks import task

from maillage.quality.services import score_refresh_model

STRUCTURE = "structures.structure"


@task
def quality_recompute(communes: str, structures: list[int] | None = None) -> int:
    """Score again the structures given by id, else those of the communes given ("*": every structure)."""
    if structures is not None:
        return score_refresh_model(label=STRUCTURE, ids=structures)
    chosen = None if communes == "*" else [c for c in communes.split(",") if c]
    return score_refresh_model(label=STRUCTURE, communes=chosen)
