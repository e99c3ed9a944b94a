"""The rows of the core CSV datasets: public structures, their confirmed relations, networks, key figures.

Every query starts from `Structure.objects.published()`: a withdrawn structure, and whatever links to it,
is never in a file. Rows are read with `values_list` and an iterator, never model instances, so that a
directory of 200,000 structures streams in constant memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from maillage.observatory.selectors import latest_snapshot
from maillage.observatory.values import snapshot_values
from maillage.opendata.publication import site_root
from maillage.opendata.structure_rows import csv_rows
from maillage.structures.enums import DatePrecision, Metric, RelationKind, StructureKind
from maillage.structures.exports import structure_path
from maillage.structures.models import KeyFigure, Relation, Structure
from maillage.structures.models.relation import current_condition

CHUNK = 5000
KIND_LABELS = dict(RelationKind.choices)
PRECISION_LABELS = dict(DatePrecision.choices)
METRIC_LABELS = dict(Metric.choices)


def public_structures() -> QuerySet[Structure]:
    """Return the structures the public sees, in a stable order."""
    return Structure.objects.published().order_by("pk")


def structure_rows() -> Iterator[list[str]]:
    """Yield the site's CSV export row of every public structure."""
    return csv_rows(public_structures())


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


def relation_rows() -> Iterator[list[str]]:
    """Yield the confirmed relations whose structures (both ends) are public."""
    relations = (
        Relation.objects.filter(state="accepted", source__withdrawn_at__isnull=True)
        .filter(Q(target__isnull=True) | Q(target__withdrawn_at__isnull=True))
        .order_by("pk")
        .values_list(
            "source__slug",
            "source__name",
            "kind",
            "target__slug",
            "target__name",
            "joint_act",
            "start_date",
            "end_date",
            "date_precision",
            "source_label",
            "source_date",
        )
    )
    for (
        source,
        name,
        kind,
        target,
        target_name,
        act,
        start,
        end,
        precision,
        label,
        dated,
    ) in relations.iterator(chunk_size=CHUNK):
        yield [
            source,
            name,
            kind,
            str(KIND_LABELS.get(kind, kind)),
            target or "",
            target_name or "",
            act,
            _date(start),
            _date(end),
            str(PRECISION_LABELS.get(precision, precision)),
            label,
            _date(dated),
        ]


def network_rows() -> Iterator[list[Any]]:
    """Yield the public networks with the count of their members in force today (public members only)."""
    members = Q(
        current_condition(timezone.localdate(), prefix="relations_in__"),
        relations_in__kind=RelationKind.MEMBER_OF,
        relations_in__source__withdrawn_at__isnull=True,
    )
    networks = (
        public_structures()
        .filter(kind=StructureKind.NETWORK)
        .annotate(members=Count("relations_in", filter=members))
        .values_list("slug", "name", "acronym", "commune__name", "commune__code", "website", "members")
    )
    site = site_root()
    for slug, name, acronym, commune, code, website, count in networks.iterator(chunk_size=CHUNK):
        yield [slug, name, acronym, commune or "", code or "", website, count, site + structure_path(slug)]


def key_figure_rows() -> Iterator[list[Any]]:
    """Yield the key figures of public structures."""
    figures = (
        KeyFigure.objects.filter(structure__withdrawn_at__isnull=True)
        .order_by("pk")
        .values_list(
            "structure__slug",
            "structure__name",
            "year",
            "metric",
            "value",
            "is_approximate",
            "qualifier",
            "source_label",
            "source_url",
            "source_date",
        )
    )
    for slug, name, year, metric, value, approximate, qualifier, label, url, dated in figures.iterator(
        chunk_size=CHUNK
    ):
        yield [
            slug,
            name,
            year,
            metric,
            str(METRIC_LABELS.get(metric, metric)),
            format(value.normalize(), "f"),
            "oui" if approximate else "non",
            qualifier,
            label,
            url,
            _date(dated),
        ]


def indicator_rows() -> Iterator[list[Any]]:
    """Yield every value of the latest complete snapshot of the observatory (nothing before the first)."""
    snapshot = latest_snapshot()
    if snapshot is None:
        return
    day = timezone.localdate(snapshot.taken_at).isoformat()
    values = (
        snapshot_values(snapshot)
        .order_by("indicator", "territory_id", "dimension")
        .values_list(
            "territory_id",
            "territory__name",
            "territory__level",
            "indicator",
            "dimension",
            "value",
            "numerator",
            "denominator",
        )
        .iterator(chunk_size=CHUNK)
    )
    for territory, name, level, indicator, dimension, value, numerator, denominator in values:
        yield [
            territory,
            name,
            level,
            indicator,
            dimension,
            repr(value),
            "" if numerator is None else repr(numerator),
            "" if denominator is None else repr(denominator),
            day,
        ]
