"""Keep the scores in step with the directory: after each write of a structure, and after bulk changes.

Registered from QualityConfig.ready() as a recorder of `structures.recorders` (the services hand it each
structure they wrote, inside their transaction: the score is then never older than the record) and as a
listener of `structures.changes` (imports and reference loads write without the services: the structures
they wrote are scored again, or every structure of the communes they touched when they do not say which).
"""

from __future__ import annotations

import logging
from typing import Any

from maillage.quality.models import RecordScore
from maillage.quality.services import score_refresh, score_refresh_model

logger = logging.getLogger(__name__)
STRUCTURE = "structures.structure"


class ScoreRecorder:
    """Score a structure again each time the directory's services write it."""

    def revision_record_structure(self, *, structure: Any, **change: Any) -> None:
        score_refresh(records=[structure])

    def revision_record_relation(self, **change: Any) -> None:
        """Relations do not count in a structure's score."""

    def revision_record_key_figure(self, **change: Any) -> None:
        """Key figures do not count in a structure's score."""

    def revision_record_structure_erased(self, *, structure: Any, **change: Any) -> None:
        RecordScore.objects.filter(model=STRUCTURE, record_id=structure.pk).delete()


def scores_after_directory_change(
    *,
    trigger: str,
    background: bool = False,
    communes: list[str] | None = None,
    structures: list[int] | None = None,
    **change: Any,
) -> None:
    """Score again the structures a bulk change wrote, else those of its communes (all when it says none)."""
    # Edits through the services are scored by the recorder already; only bulk writes need this.
    if trigger == "modifications du répertoire":
        return
    # A score reads only its record's own fields: the structures written are the only ones to judge again
    # (an import's communes also name those whose counts changed, where no structure did).
    if background:
        from maillage.quality.tasks import quality_recompute  # noqa: PLC0415 (tasks import the services)

        quality_recompute.enqueue(",".join(communes) if communes is not None else "*", structures)
        return
    if structures is not None:
        score_refresh_model(label=STRUCTURE, ids=structures)
    else:
        score_refresh_model(label=STRUCTURE, communes=communes)
