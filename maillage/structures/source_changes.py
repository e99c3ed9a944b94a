"""Record what sources now say of fields people set: pending changes, in bulk, never re-proposed once kept.

Imports call `source_changes_propose` with every field group a person set whose source value they read:
- the source agrees with the record → a pending change of that group is closed (obsolete);
- it disagrees → one pending change per (structure, group, source), updated when the source moves again;
- a person already kept the record's value against this very source value → nothing (a kept change is
  proposed again only once the source says something else).
The decisions (accept, keep) belong to the people of the record: maillage.contributions.source_changes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from maillage.structures import field_sources
from maillage.structures.enums import SourceChangeState
from maillage.structures.field_sources import source_title
from maillage.structures.models import Discipline, SourceChange, Structure

# Groups of fields that a source changes together: an address never gets half of another one.
FIELD_GROUPS: dict[str, tuple[str, ...]] = {
    "address": ("street", "postal_code", "commune", "latitude", "longitude"),
    "legal_category": ("legal_category_code", "legal_category_label"),
    "naf": ("naf_code", "naf_label"),
    "identifiers": ("siret", "siren"),
    "ess": ("ess_family", "is_ess"),
    "founded": ("founded_on", "founded_on_precision"),
    "state": ("is_active", "closed_on"),
    "headcount": ("headcount_band", "headcount_year"),
}
GROUP_LABELS = {
    "address": "adresse",
    "legal_category": "catégorie juridique",
    "naf": "activité principale (NAF)",
    "identifiers": "SIRET et SIREN",
    "ess": "famille de l'ESS",
    "founded": "date de création",
    "state": "état (en activité, fermée)",
    "headcount": "tranche d'effectif",
}


def group_of(name: str) -> str:
    """Return the group a field belongs to, or the field itself when it moves alone."""
    for group, names in FIELD_GROUPS.items():
        if name in names:
            return group
    return name


def group_fields(group: str) -> tuple[str, ...]:
    return FIELD_GROUPS.get(group, (group,))


@dataclass(frozen=True)
class Proposal:
    """What a source says of a group of fields of a structure, beside what the record holds."""

    structure_id: int
    field: str
    source: str
    run: int | None
    proposed: dict[str, Any]
    current: dict[str, Any]


def source_changes_propose(proposals: Iterable[Proposal]) -> dict[str, int]:
    """Record the proposals of one batch in a handful of queries; return how many were new, moved, closed."""
    items = list(proposals)
    counts = {"source_changes_new": 0, "source_changes_updated": 0, "source_changes_closed": 0}
    if not items:
        return counts
    existing: dict[tuple[int, str, str], dict[str, SourceChange]] = {}
    rows = SourceChange.objects.filter(
        structure_id__in={p.structure_id for p in items},
        source__in={p.source for p in items},
        state__in=[SourceChangeState.PENDING, SourceChangeState.KEPT],
    ).order_by("updated_at", "id")
    for row in rows:  # the latest kept one wins, hence the order
        existing.setdefault((row.structure_id, row.field, row.source), {})[row.state] = row
    now = timezone.now()
    creates: list[SourceChange] = []
    updates: list[SourceChange] = []
    for p in items:
        known = existing.get((p.structure_id, p.field, p.source), {})
        pending = known.get(SourceChangeState.PENDING)
        kept = known.get(SourceChangeState.KEPT)
        if p.proposed == p.current:
            if pending is not None:
                pending.state, pending.decided_at, pending.updated_at = SourceChangeState.OBSOLETE, now, now
                updates.append(pending)
                counts["source_changes_closed"] += 1
            continue
        if pending is not None:
            if pending.proposed != p.proposed or pending.current != p.current:
                pending.proposed, pending.current, pending.run = p.proposed, p.current, p.run
                pending.updated_at = now
                updates.append(pending)
                counts["source_changes_updated"] += 1
            continue
        if kept is not None and kept.proposed == p.proposed:
            continue  # kept against this very value: proposed again when the source moves
        creates.append(
            SourceChange(
                structure_id=p.structure_id,
                field=p.field,
                source=p.source,
                source_label=source_title(p.source),
                run=p.run,
                proposed=p.proposed,
                current=p.current,
            )
        )
        counts["source_changes_new"] += 1
    SourceChange.objects.bulk_create(creates, batch_size=500)
    SourceChange.objects.bulk_update(
        updates, ["state", "decided_at", "proposed", "current", "run", "updated_at"], batch_size=500
    )
    return counts


def json_safe(value: Any) -> Any:
    """Return a value as a change stores it: dates in ISO, decimals as text, records by id."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


class SourceTrace:
    """One run of a source written through the services: its provenance entry, history comment, proposals.

    Network files and the reference data write row by row through the services; SIRENE, in bulk, keeps
    its own trace (maillage.imports.sirene.trace) on the same rules.
    """

    def __init__(self, source: str, run_id: int | None, entry: dict[str, Any], comment: str) -> None:
        self.source = source
        self.run_id = run_id
        self.entry = entry
        self.comment = comment
        self.proposals: list[Proposal] = []

    def hold_person_values(
        self,
        structure: Structure,
        changed: dict[str, Any],
        lists: dict[str, list[Any] | None],
    ) -> tuple[dict[str, Any], dict[str, list[Any] | None]]:
        """Take out of a record's changes the fields and lists a person set, and propose them instead.

        `lists` maps a list's name (disciplines, activities) to its new items or None when unchanged.
        """
        sources = structure.field_sources or {}
        kept = {group_of(name) for name in sources if field_sources.set_by_person(sources, name)}
        if not kept:
            return changed, lists
        held: dict[str, dict[str, Any]] = defaultdict(dict)
        rest: dict[str, Any] = {}
        for name, value in changed.items():
            name_key = field_sources.key(name)
            if name_key in field_sources.TRACKED_FIELDS and group_of(name_key) in kept:
                held[group_of(name_key)][name_key] = json_safe(value)
            else:
                rest[name] = value
        kept_lists = dict(lists)
        for name, items in lists.items():
            if items is not None and name in kept:
                held[name][name] = sorted(_list_key(item) for item in items)
                kept_lists[name] = None
        for group, proposed in held.items():
            current = {name: _current(structure, name) for name in proposed}
            self.proposals.append(Proposal(structure.pk, group, self.source, self.run_id, proposed, current))
        return rest, kept_lists

    def sources_after(self, structure: Structure, names: Iterable[str]) -> dict[str, Any]:
        """Return the record's provenance once this run set the fields named."""
        tracked = [n for n in names if field_sources.key(n) in field_sources.TRACKED_FIELDS]
        return field_sources.with_entries(structure.field_sources or {}, tracked, self.entry)

    def flush(self) -> dict[str, int]:
        """Record the run's proposals; return the counts a report shows."""
        counts = source_changes_propose(self.proposals)
        self.proposals = []
        return counts


def _list_key(item: Any) -> Any:
    return item.slug if isinstance(item, Discipline) else str(item)


def _current(structure: Structure, name: str) -> Any:
    if name == "disciplines":
        return sorted(structure.disciplines.values_list("slug", flat=True))
    if name == "activities":
        return sorted(structure.activities.values_list("activity", flat=True))
    return json_safe(getattr(structure, field_sources.model_field(name).attname))
