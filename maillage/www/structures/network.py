"""A network's consolidated figures: its members' latest key figures summed per metric, with coverage."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.formats import number_format

from maillage.structures.enums import MONETARY_METRICS, Metric
from maillage.structures.models import KeyFigure, Structure


@dataclass(frozen=True)
class ConsolidatedFigure:
    metric: str
    total: Decimal
    reporting: int  # members giving this figure
    members: int  # members counted
    approximate: int  # of which values a source gives as approximate
    first_year: int
    last_year: int

    @property
    def label(self) -> str:
        return str(Metric(self.metric).label)

    @property
    def total_display(self) -> str:
        value = self.total if self.total != self.total.to_integral_value() else self.total.quantize(1)
        text = number_format(value, force_grouping=True)
        return f"{text} €" if self.metric in MONETARY_METRICS else text

    @property
    def years_display(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year} à {self.last_year}"


def consolidated_figures(members: QuerySet[Structure], member_count: int) -> list[ConsolidatedFigure]:
    """Sum each member's latest figure per metric (one query); a member counts once per metric."""
    rows = (
        KeyFigure.objects.filter(structure_id__in=members.values("pk"))
        .order_by("structure_id", "metric", "-year", "source_label")
        .values_list("structure_id", "metric", "year", "value", "is_approximate")
    )
    latest: dict[tuple[int, str], tuple[int, Decimal, bool]] = {}
    for structure_id, metric, year, value, approximate in rows:
        latest.setdefault((structure_id, metric), (year, value, approximate))
    sums: dict[str, list[tuple[int, Decimal, bool]]] = {}
    for (_, metric), figure in latest.items():
        sums.setdefault(metric, []).append(figure)
    order = {metric: position for position, metric in enumerate(Metric.values)}
    return [
        ConsolidatedFigure(
            metric=metric,
            total=sum((value for _, value, _ in figures), Decimal(0)),
            reporting=len(figures),
            members=member_count,
            approximate=sum(1 for _, _, approximate in figures if approximate),
            first_year=min(year for year, _, _ in figures),
            last_year=max(year for year, _, _ in figures),
        )
        for metric, figures in sorted(sums.items(), key=lambda item: order.get(item[0], 99))
    ]
