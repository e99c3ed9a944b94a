"""What a SIRENE batch leaves besides the rows: history lines, pending source changes, derived disciplines.

Everything is gathered while a batch is planned and written with a few bulk statements at its end, as
the structures themselves are: no service call and no query per row.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from maillage.history.enums import RecordType, RevisionAction, Via
from maillage.history.models import Revision
from maillage.structures import field_sources
from maillage.structures.models import Discipline, Structure
from maillage.structures.naf import NAF_DISCIPLINES, naf_discipline
from maillage.structures.snapshots import json_value
from maillage.structures.source_changes import Proposal, source_changes_propose
from maillage.territories.models import Territory

SOURCE = field_sources.SIRENE


class BatchTrace:
    """Collect a batch's revisions, proposals and discipline changes; write them with `flush`."""

    def __init__(self, run_id: int | None) -> None:
        self.run_id = run_id
        self.comment = f"via l'import SIRENE n° {run_id}" if run_id else "via l'import SIRENE"
        self.disciplines = {
            d.slug: d
            for d in Discipline.objects.filter(slug__in=set(NAF_DISCIPLINES.values())).select_related(
                "parent"
            )
        }
        self.revisions: list[Revision] = []
        self.proposals: list[Proposal] = []
        self.discipline_sets: dict[int, list[Discipline]] = {}
        self.new_disciplines: dict[str, Discipline] = {}  # SIRET of a structure to insert → discipline

    # --- derived disciplines ---------------------------------------------------------------------

    def derived_for_new(self, naf_code: str) -> Discipline | None:
        """Return the discipline a new structure's NAF code states, if that discipline exists."""
        return self.disciplines.get(naf_discipline(naf_code))

    def derived_change(self, structure: Structure) -> list[Discipline] | None:
        """Return the disciplines the structure's NAF code now derives, or None to leave them as they are.

        Only disciplines derived before, or none at all on a record that never had any, follow the NAF
        code: a person's choice, or a list from a network's file or the reference data, stays.
        """
        found = (structure.field_sources or {}).get("disciplines")
        if isinstance(found, dict) and found.get("kind") != field_sources.DERIVED:
            return None
        current = list(structure.disciplines.all())
        if found is None and current:
            return None
        discipline = self.derived_for_new(structure.naf_code)
        wanted = [discipline] if discipline is not None else []
        if sorted(d.slug for d in current) == sorted(d.slug for d in wanted):
            return None
        return wanted

    def set_disciplines(self, structure: Structure, wanted: list[Discipline]) -> dict[str, Any]:
        """Plan the replacement of a structure's disciplines; return its history change."""
        old = sorted(d.slug for d in structure.disciplines.all())
        self.discipline_sets[structure.pk] = wanted
        entry = (
            field_sources.derived_from_naf(structure.naf_code)
            if wanted
            else field_sources.imported(SOURCE, self.run_id)
        )
        structure.field_sources = {**(structure.field_sources or {}), "disciplines": entry}
        return {"old": old, "new": sorted(d.slug for d in wanted)}

    # --- history ---------------------------------------------------------------------------------

    def revision(
        self,
        structure: Structure,
        changes: dict[str, dict[str, Any]],
        action: str = RevisionAction.UPDATE,
    ) -> None:
        if changes:
            self.revisions.append(
                Revision(
                    structure_id=structure.pk,
                    record_type=RecordType.STRUCTURE,
                    record_id=str(structure.pk),
                    object_repr=str(structure)[:300],
                    action=action,
                    changes=changes,
                    author_role="import",
                    via=Via.IMPORT,
                    comment=self.comment,
                )
            )

    @staticmethod
    def change(name: str, old: Any, new: Any, communes: dict[str | None, Territory | None]) -> dict[str, Any]:
        """Return a history change as the services write it (a commune with its names)."""
        change: dict[str, Any] = {"old": json_value(old), "new": json_value(new)}
        if name == "commune_id":
            change["old_label"] = _name(communes.get(old))
            change["new_label"] = _name(communes.get(new))
        return change

    # --- pending changes -------------------------------------------------------------------------

    def propose(
        self, structure: Structure, group: str, proposed: dict[str, Any], current: dict[str, Any]
    ) -> None:
        self.proposals.append(
            Proposal(
                structure_id=structure.pk,
                field=group,
                source=SOURCE,
                run=self.run_id,
                proposed={field_sources.key(k): json_value(v) for k, v in proposed.items()},
                current={field_sources.key(k): json_value(v) for k, v in current.items()},
            )
        )

    # --- writing ---------------------------------------------------------------------------------

    def new_links(self, ids: dict[str, int]) -> list[tuple[int, int]]:
        """Return the (structure, discipline) links of the new structures; `ids` maps SIRETs to their ids."""
        return [(ids[siret], d.pk) for siret, d in self.new_disciplines.items() if siret in ids]

    def flush(self, counts: Any) -> None:
        """Write what the batch gathered besides the new structures and their links (`new_links`)."""
        through = Structure.disciplines.through
        if self.discipline_sets:
            through.objects.filter(structure_id__in=list(self.discipline_sets)).delete()
            through.objects.bulk_create(
                [
                    through(structure_id=pk, discipline_id=d.pk)
                    for pk, wanted in self.discipline_sets.items()
                    for d in wanted
                ],
                batch_size=1000,
            )
        counts["disciplines_derived"] += len(self.new_disciplines) + sum(
            1 for wanted in self.discipline_sets.values() if wanted
        )
        Revision.objects.bulk_create(self.revisions, batch_size=500)
        counts["history_lines"] += len(self.revisions)
        counts.update(source_changes_propose(self.proposals))
        self.revisions, self.proposals, self.discipline_sets, self.new_disciplines = [], [], {}, {}


def inserted_ids(sirets: list[str]) -> dict[str, int]:
    """Return the ids of the structures just inserted under SIRENE's key, by SIRET."""
    if not sirets:
        return {}
    return dict(inserted_ids_query(sirets).values_list("source_id", "pk"))


def inserted_ids_query(sirets: list[str]) -> QuerySet[Structure]:
    """Return the structures SIRENE's key names, among these SIRETs."""
    # `<> ''`, the condition of the partial unique index on (source, source_id), lets it be used.
    return Structure.objects.filter(Q(source=SOURCE) & Q(source_id__in=sirets) & ~Q(source_id=""))


def _name(commune: Territory | None) -> str:
    return commune.name if commune is not None else ""
