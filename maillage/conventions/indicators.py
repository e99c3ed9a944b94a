"""Compute a convention's progress indicators from maillage's own figures, each with where it comes from."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from maillage.conventions.models import IndicatorKind, ProgressIndicator
from maillage.events.models import Event
from maillage.observatory.selectors import latest_snapshot, territory_indicators
from maillage.structures.models import Relation


@dataclass(frozen=True)
class IndicatorReading:
    indicator: ProgressIndicator
    value: float | None
    source: str


def read_indicator(indicator: ProgressIndicator) -> IndicatorReading:
    """Return the indicator's value now, or None when maillage cannot tell yet, with its source in French."""
    kind = IndicatorKind(indicator.kind)
    if kind == IndicatorKind.OBSERVATORY and indicator.territory is not None:
        snapshot = latest_snapshot()
        if snapshot is None:
            return IndicatorReading(indicator, None, "Observatoire : aucun instantané calculé pour l'instant")
        rows = [
            r
            for r in territory_indicators(indicator.territory, snapshot)
            if r.indicator.key == indicator.observatory_key
        ]
        value = rows[0].value if rows else None
        when = timezone.localtime(snapshot.taken_at).date().strftime("%d/%m/%Y")
        return IndicatorReading(
            indicator, value, f"Observatoire de maillage, {indicator.territory.name}, instantané du {when}"
        )
    if kind == IndicatorKind.NETWORK_MEMBERS and indicator.network is not None:
        count = Relation.objects.current().member_of().filter(target=indicator.network).count()
        return IndicatorReading(
            indicator, float(count), f"Annuaire de maillage, membres de {indicator.network.name}"
        )
    if kind == IndicatorKind.EVENTS_HELD:
        signatories = indicator.convention.signatory_links.values("structure_id")
        count = (
            Event.objects.public()
            .filter(end_date__lt=timezone.localdate(), organiser_links__structure_id__in=signatories)
            .distinct()
            .count()
        )
        return IndicatorReading(
            indicator, float(count), "Agenda de maillage, événements passés des signataires"
        )
    if kind == IndicatorKind.FREE:
        value = float(indicator.free_value) if indicator.free_value is not None else None
        return IndicatorReading(indicator, value, indicator.free_source or "source non précisée")
    return IndicatorReading(indicator, None, "indicateur incomplet")


def read_indicators(indicators: list[ProgressIndicator]) -> list[IndicatorReading]:
    return [read_indicator(i) for i in indicators]
