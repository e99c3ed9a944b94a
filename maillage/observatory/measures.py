"""Commune-level measures of the indicators: one GROUP BY per measure, rolled up to territories later.

Every measure is a `values()` queryset whose columns are aliased `t` (the commune id), `d` (the category,
"" for the indicator's overall value), `v` (a count), `num` and `den` (the parts of a ratio). The parts
are additive: a territory's value is the sum over its communes (or a ratio of such sums), which is what
lets one statement roll every indicator up through the commune closure.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FloatField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear

from maillage.imports.sirene.models import SireneCulturalCount
from maillage.observatory.models import IndicatorValue
from maillage.structures.enums import STATUTORY_ESS_FAMILIES, EssFamily, RelationKind, StructureKind
from maillage.structures.models import Relation, Structure
from maillage.territories.enums import Level
from maillage.territories.models import Territory, TerritoryCommune

# Kinds that are partners of the cultural ESS rather than actors of it.
EXCLUDED_KINDS = (StructureKind.FUNDER, StructureKind.PUBLIC_BODY)
ESS_FAMILIES = tuple(sorted({*STATUTORY_ESS_FAMILIES, EssFamily.ESUS_COMPANY}))
NETWORK_KINDS = (StructureKind.NETWORK, StructureKind.PTCE_CLUSTER)
# A funder's support is not a cooperation between peers.
COOPERATION_KINDS = tuple(k for k in RelationKind.values if k != RelationKind.SUPPORTED_BY)
NO_DISCIPLINE = "sans-discipline"
# The count every territory computed has (zero included); computed first, then read by other measures.
COUNT_KEY = "structures_active"

# A values() queryset with the columns t, d, v, num, den (typed loosely: annotations vary by model).
Measure = QuerySet[Any, Any]


@dataclass(frozen=True)
class MeasureContext:
    """What measures depend on besides the directory: the snapshot, its date, the SIRENE run used, and
    the communes measured (all of them, or those of one territory for a partial computation)."""

    snapshot_id: int
    on: datetime.date
    sirene_run_id: int | None
    within: str | None = None
    # The communes measured when known (a change that touched them): none but these are read.
    communes: tuple[str, ...] | None = None

    @property
    def last_year(self) -> int:
        """Return the last complete calendar year at the snapshot's date."""
        return self.on.year - 1

    def scoped(self, queryset: QuerySet[Any], commune: str) -> QuerySet[Any]:
        """Keep the rows whose commune (at path `commune`) lies in the territory measured, if any.

        Filtering before grouping lets a partial computation read only that territory's structures.
        """
        if self.communes is not None:
            queryset = queryset.filter(**{f"{commune}__in": self.communes})
        if self.within is None:
            return queryset
        communes = TerritoryCommune.objects.filter(territory_id=self.within).values("commune_id")
        return queryset.filter(**{f"{commune}__in": communes})


def counted(prefix: str = "", *, active_only: bool = True) -> Q:
    """Return the rule of the structures the indicators count, on the relation `prefix` ("" or "source__")."""
    in_ess = (
        Q(**{f"{prefix}ess_family__in": ESS_FAMILIES})
        | Q(**{f"{prefix}is_ess": True})
        | Q(**{f"{prefix}ess_family": EssFamily.UNKNOWN, f"{prefix}is_ess__isnull": True})
    )
    rule = Q(**{f"{prefix}commune__isnull": False}) & ~Q(**{f"{prefix}kind__in": EXCLUDED_KINDS}) & in_ess
    rule &= Q(**{f"{prefix}withdrawn_at__isnull": True})  # a withdrawn record is not published, nor counted
    if active_only:
        rule &= Q(**{f"{prefix}is_active": True})
    return rule


def _empty() -> Cast:
    """Return a typed NULL (PostgreSQL types an untyped NULL of a subquery as text)."""
    return Cast(Value(None), FloatField())


def _as_float(expression: Any) -> Cast:
    return Cast(expression, FloatField())


def _counts(queryset: QuerySet[Any], dimension: Any, count: Any) -> Measure:
    """Group a queryset by commune and dimension, counting into `v`."""
    return (
        queryset.order_by()
        .values(t=F("commune_id"), d=dimension)
        .annotate(v=_as_float(count), num=_empty(), den=_empty())
    )


def _structures(*, active_only: bool = True) -> QuerySet[Structure]:
    return Structure.objects.filter(counted(active_only=active_only))


def _overall(value: str = "") -> Value:
    return Value(value, output_field=CharField())


# --- Counts of structures -------------------------------------------------------------------------------


def structures_by_commune(context: MeasureContext) -> list[Measure]:
    """Count counted structures in every commune, zero included (every territory gets a value)."""
    communes = context.scoped(Territory.objects.filter(level=Level.COMMUNE), "id")
    return [
        communes.order_by()
        .values(t=F("id"), d=_overall())
        .annotate(
            v=_as_float(Count("structures", filter=counted("structures__"))),
            num=_empty(),
            den=_empty(),
        )
    ]


def _snapshot_counts(context: MeasureContext) -> QuerySet[IndicatorValue]:
    """Return the communes' counts of structures already written in this snapshot (one scan saved)."""
    return IndicatorValue.objects.filter(
        snapshot_id=context.snapshot_id, indicator=COUNT_KEY, dimension="", value__gt=0
    )


def per_population(context: MeasureContext) -> list[Measure]:
    """Take each commune's count (numerator) beside its population (denominator), zero included."""
    counts = IndicatorValue.objects.filter(
        snapshot_id=context.snapshot_id, indicator=COUNT_KEY, dimension="", territory__population__gt=0
    )
    return [
        counts.order_by().values(
            t=F("territory_id"),
            d=_overall(),
            v=Value(0.0, output_field=FloatField()),
            num=F("value"),
            den=_as_float(F("territory__population")),
        )
    ]


def overall_count(context: MeasureContext) -> list[Measure]:
    """Take each commune's count of structures as the overall value of a breakdown."""
    return [
        _snapshot_counts(context)
        .order_by()
        .values(t=F("territory_id"), d=_overall(), v=F("value"), num=_empty(), den=_empty())
    ]


def by_ess_family(context: MeasureContext) -> list[Measure]:
    """Count structures by ESS family."""
    return [_counts(context.scoped(_structures(), "commune_id"), F("ess_family"), Count("id"))]


def by_kind(context: MeasureContext) -> list[Measure]:
    """Count structures by kind."""
    return [_counts(context.scoped(_structures(), "commune_id"), F("kind"), Count("id"))]


def by_headcount_band(context: MeasureContext) -> list[Measure]:
    """Count structures by SIRENE employee band."""
    return [_counts(context.scoped(_structures(), "commune_id"), F("headcount_band"), Count("id"))]


def by_discipline(context: MeasureContext) -> list[Measure]:
    """Count structures by top-level discipline (a sub-discipline counts for its parent), or none."""
    root = Coalesce(
        F("disciplines__parent__slug"),
        F("disciplines__slug"),
        _overall(NO_DISCIPLINE),
        output_field=CharField(),
    )
    return [_counts(context.scoped(_structures(), "commune_id"), root, Count("id", distinct=True))]


def _by_year(field: str, context: MeasureContext) -> list[Measure]:
    dated = _structures(active_only=False).filter(**{f"{field}__isnull": False})
    return [_counts(context.scoped(dated, "commune_id"), Cast(ExtractYear(field), CharField()), Count("id"))]


def creations_by_year(context: MeasureContext) -> list[Measure]:
    """Count structures by year of creation."""
    return _by_year("founded_on", context)


def closures_by_year(context: MeasureContext) -> list[Measure]:
    """Count structures by year of closure."""
    return _by_year("closed_on", context)


def last_year_of(key: str) -> Callable[[MeasureContext], list[Measure]]:
    """Return the measure taking, as overall value, the category of the last complete year."""

    def last_year(context: MeasureContext) -> list[Measure]:
        return [
            IndicatorValue.objects.filter(
                snapshot_id=context.snapshot_id, indicator=key, dimension=str(context.last_year)
            )
            .order_by()
            .values(t=F("territory_id"), d=_overall(), v=F("value"), num=_empty(), den=_empty())
        ]

    return last_year


# --- SIRENE, networks and relations ---------------------------------------------------------------------


def ess_share_cultural(context: MeasureContext) -> list[Measure]:
    """Sum the latest applied SIRENE run's cultural establishments: ESS ones over all of them."""
    if context.sirene_run_id is None:
        return []
    counts = SireneCulturalCount.objects.filter(run_id=context.sirene_run_id, commune__isnull=False)
    return [
        context.scoped(counts, "commune_id")
        .order_by()
        .values(t=F("commune_id"), d=_overall())
        .annotate(
            v=Value(0.0, output_field=FloatField()),
            num=_as_float(Sum(Case(When(is_ess=True, then=F("establishments")), default=0))),
            den=_as_float(Sum("establishments")),
        )
    ]


def sirene_changed_communes(before_run_id: int | None, after_run_id: int | None) -> list[str]:
    """Return the communes whose SIRENE counts differ between two runs (None: no run, no counts)."""
    table = SireneCulturalCount._meta.db_table
    if before_run_id is None or after_run_id is None:
        only = after_run_id if before_run_id is None else before_run_id
        if only is None:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT commune_id FROM {table} WHERE run_id = %s AND commune_id IS NOT NULL",  # noqa: S608
                [only],
            )
            return [commune for (commune,) in cursor.fetchall()]
    rows = f"SELECT commune_id, naf_code, is_ess, establishments FROM {table} WHERE run_id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT commune_id FROM ({rows} EXCEPT {rows}) AS added WHERE commune_id IS NOT NULL "  # noqa: S608
            f"UNION SELECT commune_id FROM ({rows} EXCEPT {rows}) AS removed WHERE commune_id IS NOT NULL",
            [after_run_id, before_run_id, before_run_id, after_run_id],
        )
        return [commune for (commune,) in cursor.fetchall()]


def networks_present(context: MeasureContext) -> list[Measure]:
    """Count, for each network, its members among the commune's structures."""
    # The network's own commune plays no part: a national network without one is present wherever it
    # has a current member. A withdrawn network is not published, so not present either.
    memberships = (
        Relation.objects.current(on=context.on)
        .member_of()
        .filter(
            counted("source__"),
            target__kind__in=NETWORK_KINDS,
            target__is_active=True,
            target__withdrawn_at__isnull=True,
        )
    )
    return [
        context.scoped(memberships, "source__commune_id")
        .order_by()
        .values(t=F("source__commune_id"), d=Cast("target_id", CharField()))
        .annotate(v=_as_float(Count("source_id", distinct=True)), num=_empty(), den=_empty())
    ]


def relations_per_structure(context: MeasureContext) -> list[Measure]:
    """Count relation ends held by the commune's structures (numerator) and those structures (denominator)."""
    cooperation = Relation.objects.current(on=context.on).filter(kind__in=COOPERATION_KINDS)
    zero = Value(0.0, output_field=FloatField())
    ends = [
        context.scoped(cooperation.filter(counted(f"{side}__")), f"{side}__commune_id")
        .order_by()
        .values(t=F(f"{side}__commune_id"), d=_overall())
        .annotate(v=zero, num=_as_float(Count("id")), den=zero)
        for side in ("source", "target")
    ]
    structures = (
        _snapshot_counts(context)
        .order_by()
        .values(t=F("territory_id"), d=_overall(), v=zero, num=zero, den=F("value"))
    )
    return [*ends, structures]
