"""Scorers of record quality, per model: the structures' own, and the criteria feature apps add.

quality sits above the directory and below the feature apps (ADR 7, ADR 23). A feature app that knows
something of a record's quality (the link checker knows broken links; schemes know their own fields)
registers a scorer from its AppConfig.ready():

    register_scorer(Structure, broken_links_scorer)

A scorer takes a batch of records (so that a recompute of the whole directory reads each table once per
batch, not once per record) and returns, for each record's primary key, its findings: the points earned
out of those possible, and what to do to earn the rest, in French. A record's score is the share of the
points earned over every scorer registered for its model, from 0 to 100.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Model


@dataclass(frozen=True)
class Finding:
    """One criterion of one record: points earned of `maximum`, and the action that would earn the rest."""

    key: str
    label: str
    points: int
    maximum: int
    action: str = ""

    def as_json(self) -> dict[str, Any]:
        # Spelled out: dataclasses.asdict deep-copies each value (5.7 s of scoring 35,000 imported records,
        # under the profiler).
        return {
            "key": self.key,
            "label": self.label,
            "points": self.points,
            "maximum": self.maximum,
            "action": self.action,
        }


Scorer = Callable[[Sequence[Any]], Mapping[int, list[Finding]]]
_scorers: dict[str, dict[str, Scorer]] = {}


def model_key(model: type[Model] | Model) -> str:
    """Return the label a model's scores are stored under (`structures.structure`)."""
    return str(model._meta.label_lower)


def register_scorer(model: type[Model], scorer: Scorer, *, name: str = "") -> None:
    """Have `scorer` judge every record of `model`; a second call with the same name replaces it."""
    _scorers.setdefault(model_key(model), {})[name or getattr(scorer, "__name__", repr(scorer))] = scorer


def unregister_scorer(model: type[Model], name: str) -> None:
    """Remove a scorer (tests register theirs for one run)."""
    _scorers.get(model_key(model), {}).pop(name, None)


def scored_models() -> list[str]:
    """Return the labels of the models that have at least one scorer."""
    return [key for key, scorers in _scorers.items() if scorers]


def findings_of(records: Sequence[Any]) -> dict[int, list[Finding]]:
    """Return every registered scorer's findings for a batch of records of one model, by primary key."""
    if not records:
        return {}
    result: dict[int, list[Finding]] = {record.pk: [] for record in records}
    for scorer in _scorers.get(model_key(records[0]), {}).values():
        for pk, findings in scorer(records).items():
            result.setdefault(pk, []).extend(findings)
    return result


def score(findings: Sequence[Finding]) -> int:
    """Return the share of the possible points earned, from 0 to 100 (100 when nothing is judged)."""
    maximum = sum(f.maximum for f in findings)
    if maximum <= 0:
        return 100
    return round(100 * sum(min(f.points, f.maximum) for f in findings) / maximum)
