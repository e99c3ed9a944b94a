"""A structure's situation at the start of a case, taken from its key figures with their source."""

from __future__ import annotations

import datetime

from maillage.accompaniment.models import Case, Situation
from maillage.structures.enums import Metric
from maillage.structures.models import KeyFigure, Structure


def start_situation(case: Case, structure: Structure, on: datetime.date) -> Situation:
    """Return (unsaved) the latest FTE and budget of the structure's key figures, naming their source."""
    figures = {
        metric: figure
        for figure in KeyFigure.objects.filter(
            structure=structure, metric__in=[Metric.FTE, Metric.BUDGET]
        ).order_by("year", "pk")
        for metric in [figure.metric]
    }
    fte, budget = figures.get(Metric.FTE), figures.get(Metric.BUDGET)
    sources = [
        f"{f.get_metric_display()} {f.year} : {f.source_label or 'sans source'}" for f in (fte, budget) if f
    ]
    return Situation(
        case=case,
        structure=structure,
        on=on,
        employees=fte.value if fte else None,
        budget=budget.value if budget else None,
        source=("Chiffres clés — " + " ; ".join(sources))[:300] if sources else "Aucun chiffre clé connu",
    )
