"""The sector's figures of accompaniment: cases, structures, days and costs, under statistical secrecy.

Counts of cases by territory, discipline, ESS family, need, outcome and year, for a body, a région or
France. No figure rests on fewer than 5 cases: `observatory.features.secret_counts` masks the small cells
and, under a total, the smallest others (complementary suppression), and the days, costs and structures
of a masked cell are masked with it. Between two published groups of which one holds the other (a body's
cases within its région's, a région's within France), a difference of 1 to 4 cases would give those cases
away by subtraction: the smaller group is then withheld whole (`nested_difference`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from maillage.accompaniment.enums import CloseReason
from maillage.accompaniment.models import Body, Case
from maillage.observatory.features import secrecy_threshold, secret_counts
from maillage.schemes.needs import need_labels
from maillage.structures.enums import EssFamily
from maillage.structures.models import Discipline
from maillage.territories.models import Territory

OPEN = "open"
DIMENSIONS = [
    ("region", "Région"),
    ("discipline", "Discipline"),
    ("ess_family", "Famille de l'ESS"),
    ("need", "Besoin repéré"),
    ("outcome", "Issue"),
    ("year", "Année d'ouverture"),
]
WITHHELD = (
    f"Chiffres non publiés : moins de {settings.STATISTICAL_SECRECY_MIN} accompagnements, ou un écart de 1 à "
    f"{settings.STATISTICAL_SECRECY_MIN - 1} accompagnements avec un ensemble plus large publié (la "
    "soustraction les désignerait)."
)


@dataclass
class Cell:
    key: str
    label: str
    cases: int | None
    structures: int | None
    days: Decimal | None
    cost: Decimal | None


@dataclass
class Breakdown:
    dimension: str
    label: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Figures:
    scope: str
    total: Cell
    breakdowns: list[Breakdown]
    withheld: bool = False
    computed_at: datetime.datetime = field(default_factory=timezone.now)


def scope_cases(*, body: Body | None = None, region: Territory | None = None) -> QuerySet[Case]:
    """Return the cases a scope counts: a body's, a région's, or France's (neither given)."""
    cases = Case.objects.all()
    if body is not None:
        cases = cases.filter(body=body)
    if region is not None:
        cases = cases.filter(region=region)
    return cases


def _sums(queryset: Any) -> Any:
    return queryset.annotate(
        cases=Count("pk"), structures=Sum("structures_count"), days=Sum("days_total"),
        cost=Sum("cost_total"),
    )  # fmt: skip


def _labels(dimension: str, keys: list[Any]) -> dict[Any, str]:
    if dimension == "region":
        return dict(
            Territory.objects.filter(pk__in=[k for k in keys if k != "none"]).values_list("pk", "name")
        )
    if dimension == "discipline":
        ids = [int(k) for k in keys if str(k).isdigit()]
        return dict(Discipline.objects.filter(pk__in=ids).values_list("pk", "name"))
    if dimension == "ess_family":
        return {k: str(v) for k, v in EssFamily.choices}
    if dimension == "need":
        return need_labels()
    if dimension == "outcome":
        return {OPEN: "En cours", **{k: str(v) for k, v in CloseReason.choices}}
    return {k: str(k) for k in keys}


def _need_rows(cases: QuerySet[Case]) -> list[tuple[Any, int, int, Decimal, Decimal]]:
    """Sum the cases by combination of needs (a few dozen), then give each need its combinations' sums."""
    found: dict[str, list[Any]] = {}
    combinations = _sums(cases.order_by().values_list("needs_key")).values_list(
        "needs_key", "cases", "structures", "days", "cost"
    )
    for key, count, structures, days, cost in combinations:
        for need in filter(None, key.split(",")):
            cell = found.setdefault(need, [0, 0, Decimal(0), Decimal(0)])
            cell[0] += count
            cell[1] += structures or 0
            cell[2] += Decimal(str(days or 0))
            cell[3] += Decimal(str(cost or 0))
    return [(need, *cell) for need, cell in found.items()]


def _rows(cases: QuerySet[Case], dimension: str) -> list[tuple[Any, int, int, Decimal, Decimal]]:
    if dimension == "need":
        return _need_rows(cases)
    column = "close_reason" if dimension == "outcome" else dimension
    rows = _sums(cases.order_by().values_list(column)).values_list(
        column, "cases", "structures", "days", "cost"
    )
    return [((OPEN if dimension == "outcome" and not key else key), *rest) for key, *rest in rows]


def _cell(key: str, label: str, row: tuple[int, int, Decimal, Decimal] | None, shown: bool) -> Cell:
    if row is None or not shown:
        return Cell(key, label, None, None, None, None)
    # Sums come back as the database gives them (SQLite drops trailing zeros): one precision for all.
    days = Decimal(str(row[2] or 0)).quantize(Decimal("0.1"))
    return Cell(key, label, row[0], row[1] or 0, days, Decimal(str(row[3] or 0)).quantize(Decimal("0.01")))


def breakdown(cases: QuerySet[Case], dimension: str, label: str, total: int) -> Breakdown:
    """Return one dimension's cells; cells resting on 1 to 4 cases masked, with complementary suppression."""
    # A missing value ("none") must not take the total's key "".
    rows: dict[str, Any] = {str(key or "none"): tuple(rest) for key, *rest in _rows(cases, dimension)}
    labels = {str(key): name for key, name in _labels(dimension, list(rows)).items()}
    names = {key: labels.get(key, "Non renseigné") for key in rows}
    # Needs overlap (a case has several): their cells are no partition of the total, each stands alone.
    counts = [(key, names[key], int(row[0])) for key, row in sorted(rows.items(), key=lambda i: names[i[0]])]
    masked = secret_counts(counts if dimension == "need" else [("", "Total", total), *counts])
    shown = {key: value is not None for key, _, value in masked if key}
    return Breakdown(
        dimension, label, [_cell(key, names[key], rows[key], shown[key]) for key, _, _ in counts]
    )


def totals(cases: QuerySet[Case]) -> tuple[int, int, Decimal, Decimal]:
    found = cases.aggregate(
        cases=Count("pk"), structures=Sum("structures_count"), days=Sum("days_total"), cost=Sum("cost_total")
    )
    return (
        found["cases"],
        found["structures"] or 0,
        found["days"] or Decimal(0),
        found["cost"] or Decimal(0),
    )


def nested_difference(cases: QuerySet[Case], wider: list[QuerySet[Case]], count: int) -> bool:
    """Tell whether a wider published group differs from this one by 1 to 4 cases (found by subtraction)."""
    return any(0 < w.count() - count < secrecy_threshold() for w in wider)


def enclosing(*, body: Body | None, region: Territory | None) -> list[QuerySet[Case]]:
    """Return the wider published groups holding every case of the scope: France, and the région of all."""
    if body is None and region is None:
        return []
    wider = [Case.objects.all()]
    if body is not None and region is None:
        regions = list(
            Case.objects.filter(body=body).order_by().values_list("region_id", flat=True).distinct()[:2]
        )
        if len(regions) == 1 and regions[0] is not None:
            wider.append(Case.objects.filter(region_id=regions[0]))
    return wider


def figures(*, body: Body | None = None, region: Territory | None = None, scope: str = "France") -> Figures:
    """Return the figures of a scope, masked where they would point at fewer than 5 cases."""
    cases = scope_cases(body=body, region=region)
    total = totals(cases)
    withheld = total[0] < secrecy_threshold() or nested_difference(
        cases, enclosing(body=body, region=region), total[0]
    )
    if withheld:
        return Figures(scope, _cell("", "Total", None, False), [], withheld=True)
    breakdowns = [breakdown(cases, dimension, label, total[0]) for dimension, label in DIMENSIONS]
    return Figures(scope, _cell("", "Total", total, True), breakdowns)


def yearly(*, body: Body, year: int) -> Figures:
    """Return a body's figures for the cases it opened in one year (its activity report)."""
    cases = Case.objects.filter(body=body, year=year)
    total = totals(cases)
    wider = [Case.objects.filter(body=body)]
    if total[0] < secrecy_threshold() or nested_difference(cases, wider, total[0]):
        return Figures(f"{body.structure.name} — {year}", _cell("", "Total", None, False), [], withheld=True)
    dims = [(d, label) for d, label in DIMENSIONS if d != "year"]
    return Figures(
        f"{body.structure.name} — {year}",
        _cell("", "Total", total, True),
        [breakdown(cases, d, label, total[0]) for d, label in dims],
    )
