"""Load the reference dataset: upsert by natural key, in one transaction, with a summary of what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from maillage.structures import field_sources
from maillage.structures.enums import DataSource
from maillage.structures.models import Discipline, KeyFigure, Relation, Structure
from maillage.structures.reference.figures import KEY_FIGURES
from maillage.structures.reference.relations import RELATIONS
from maillage.structures.reference.schema import KeyFigureFact, ReferenceData, RelationFact, StructureFact
from maillage.structures.reference.structures import STRUCTURES
from maillage.structures.relation_services import key_figure_set, relation_create, relation_update
from maillage.structures.selectors import structure_by_source_id
from maillage.structures.services import structure_create, structure_update
from maillage.structures.source_changes import SourceTrace
from maillage.territories.enums import Level
from maillage.territories.models import Territory


class ReferenceDataError(ValueError):
    """The reference dataset contradicts itself (a relation to an unknown key…)."""


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def line(self, label: str, *, feminine: bool) -> str:
        def agreed(count: int, participle: str) -> str:
            # French keeps 0 and 1 in the singular.
            return f"{count} {participle}{'e' if feminine else ''}{'s' if count > 1 else ''}"

        return (
            f"  {label} : {agreed(self.created, 'créé')}, {agreed(self.updated, 'modifié')}, "
            f"{agreed(self.unchanged, 'inchangé')}"
        )


@dataclass
class LoadSummary:
    dry_run: bool = False
    structures: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    key_figures: Counts = field(default_factory=Counts)
    unresolved_communes: list[str] = field(default_factory=list)
    # Values a person set that the reference data contradicts: proposed, not written.
    source_changes: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """Tell whether the run wrote anything."""
        counts = (self.structures, self.relations, self.key_figures)
        return not self.dry_run and any(c.created or c.updated for c in counts)

    def lines(self) -> list[str]:
        """Describe the run in French, one line per fact."""
        head = "Jeu de référence (documents fondateurs)"
        lines = [head + (" — simulation, rien n'a été écrit" if self.dry_run else "")]
        lines += [
            self.structures.line("Structures", feminine=True),
            self.relations.line("Relations", feminine=True),
            self.key_figures.line("Chiffres clés", feminine=False),
        ]
        if proposed := self.source_changes.get("source_changes_new", 0):
            lines.append(
                f"  Valeurs saisies par une personne et contredites par le jeu de référence : {proposed} "
                "changement(s) proposé(s) aux gestionnaires, non écrit(s)"
            )
        if self.unresolved_communes:
            lines.append(
                "  Communes absentes du référentiel territorial, laissées vides : "
                f"{', '.join(self.unresolved_communes)} (lancez import_territoires puis relancez cette "
                f"commande)"
            )
        return lines


def default_reference_data() -> ReferenceData:
    return ReferenceData(structures=STRUCTURES, relations=RELATIONS, key_figures=KEY_FIGURES)


def check_reference_data(data: ReferenceData) -> None:
    """Raise ReferenceDataError when a key is duplicated or a relation or figure names an unknown key."""
    keys = [s.key for s in data.structures]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    named = {r.source for r in data.relations} | {r.target for r in data.relations if r.target}
    named |= {f.structure for f in data.key_figures}
    unknown = sorted(named - set(keys))
    if duplicates or unknown:
        raise ReferenceDataError(f"Clés en double : {duplicates} ; clés inconnues : {unknown}")


class ReferenceLoader:
    """Write the reference dataset through the services, updating only what differs."""

    def __init__(self, data: ReferenceData, progress: Callable[[str], None] = lambda message: None) -> None:
        check_reference_data(data)
        self.data = data
        self.progress = progress
        self.trace = SourceTrace(
            field_sources.REFERENCE_SOURCE, None, field_sources.reference(), "via les données de référence"
        )

    def run(self, *, dry_run: bool = False) -> LoadSummary:
        summary = LoadSummary(dry_run=dry_run)
        with transaction.atomic():
            disciplines = {d.slug: d for d in Discipline.objects.all()}
            structures = {f.key: self._structure(f, disciplines, summary) for f in self.data.structures}
            self.progress(f"{len(structures)} structures lues")
            for relation in self.data.relations:
                self._relation(relation, structures, summary)
            for figure in self.data.key_figures:
                self._key_figure(figure, structures[figure.structure], summary)
            summary.source_changes = self.trace.flush()
            if dry_run:
                transaction.set_rollback(True)
        return summary

    def _structure(
        self, fact: StructureFact, disciplines: dict[str, Discipline], summary: LoadSummary
    ) -> Structure:
        missing = [slug for slug in fact.disciplines if slug not in disciplines]
        if missing:
            raise ReferenceDataError(f"{fact.key} : disciplines inconnues {missing}")
        fields: dict[str, Any] = {
            "name": fact.name,
            "acronym": fact.acronym,
            "other_names": "\n".join(fact.other_names),
            "kind": fact.kind,
            "description": fact.description,
            "ess_family": fact.ess_family,
            "founded_on": fact.founded_on,
            "founded_on_precision": fact.founded_on_precision,
            "street": fact.street,
            "postal_code": fact.postal_code,
            "website": fact.website,
            "email": fact.email,
            "source_label": fact.document.title,
            "source_url": fact.document.url,
            "source_date": fact.document.date,
        }
        if fact.commune_id:
            commune = Territory.objects.filter(id=fact.commune_id, level=Level.COMMUNE).first()
            if commune is None:
                # Without the referential the structure still loads; a later run sets its commune.
                summary.unresolved_communes.append(f"{fact.name} ({fact.commune_id})")
            else:
                fields["commune"] = commune
        wanted_disciplines = [disciplines[slug] for slug in fact.disciplines]
        wanted_activities = [str(a) for a in fact.activities]
        existing = structure_by_source_id(DataSource.REFERENCE_SEED, fact.key)
        if existing is None:
            summary.structures.created += 1
            return structure_create(
                **fields,
                source=DataSource.REFERENCE_SEED,
                source_id=fact.key,
                disciplines=wanted_disciplines,
                activities=wanted_activities,
                field_sources={field_sources.DEFAULT_KEY: self.trace.entry},
                comment=self.trace.comment,
            )
        changed = {name: value for name, value in fields.items() if getattr(existing, name) != value}
        current_disciplines = set(existing.disciplines.values_list("slug", flat=True))
        current_activities = set(existing.activities.values_list("activity", flat=True))
        new_disciplines = wanted_disciplines if current_disciplines != set(fact.disciplines) else None
        new_activities = wanted_activities if current_activities != set(wanted_activities) else None
        # A field a person changed since stays theirs: the reference data only proposes its value.
        changed, lists = self.trace.hold_person_values(
            existing, changed, {"disciplines": new_disciplines, "activities": new_activities}
        )
        new_disciplines, new_activities = lists["disciplines"], lists["activities"]
        if not changed and new_disciplines is None and new_activities is None:
            summary.structures.unchanged += 1
            return existing
        summary.structures.updated += 1
        names = [*changed, *(name for name, items in lists.items() if items is not None)]
        return structure_update(
            structure=existing,
            disciplines=new_disciplines,
            activities=new_activities,
            field_sources=self.trace.sources_after(existing, names),
            comment=self.trace.comment,
            **changed,
        )

    def _relation(self, fact: RelationFact, structures: dict[str, Structure], summary: LoadSummary) -> None:
        source = structures[fact.source]
        target = structures[fact.target] if fact.target else None
        fields: dict[str, Any] = {
            "end_date": fact.end_date,
            "date_precision": fact.date_precision,
            "description": fact.description,
            "source_label": fact.document.title,
            "source_url": fact.document.url,
            "source_date": fact.document.date,
        }
        existing = Relation.objects.filter(
            source=source, kind=fact.kind, target=target, joint_act=fact.joint_act, start_date=fact.start_date
        ).first()
        if existing is None:
            relation_create(
                source=source,
                kind=fact.kind,
                target=target,
                joint_act=fact.joint_act,
                start_date=fact.start_date,
                **fields,
            )
            summary.relations.created += 1
            return
        changed = {name: value for name, value in fields.items() if getattr(existing, name) != value}
        if changed:
            relation_update(relation=existing, **changed)
            summary.relations.updated += 1
        else:
            summary.relations.unchanged += 1

    def _key_figure(self, fact: KeyFigureFact, structure: Structure, summary: LoadSummary) -> None:
        wanted: dict[str, Any] = {
            "value": fact.value,
            "qualifier": fact.qualifier,
            "is_approximate": bool(fact.qualifier),
            "note": fact.note,
            "source_url": fact.document.url,
            "source_date": fact.document.date,
        }
        existing = KeyFigure.objects.filter(
            structure=structure, year=fact.year, metric=fact.metric, source_label=fact.document.title
        ).first()
        if existing is not None and all(getattr(existing, name) == value for name, value in wanted.items()):
            summary.key_figures.unchanged += 1
            return
        key_figure_set(
            structure=structure,
            year=fact.year,
            metric=fact.metric,
            source_label=fact.document.title,
            **wanted,
        )
        if existing is None:
            summary.key_figures.created += 1
        else:
            summary.key_figures.updated += 1
