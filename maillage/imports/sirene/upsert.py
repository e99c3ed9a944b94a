"""The Django part of the import: selected establishments → structures, keyed by SIRET, in batches.

Rules (docs in the command's help and docs/benchmarks.md):
- a SIRET unknown to the directory becomes a structure (source `sirene`, key the SIRET) unless closed: a
  closed establishment is most often the old address of an association that moved (a new SIRET);
- a structure written by SIRENE gets SIRENE's current values, except in the fields a person set since
  (field provenance, `Structure.field_sources`): there SIRENE's value becomes a pending source change
  that the record's managers and coordinators accept or dismiss;
- a structure entered by hand or from a network's file only gets its empty fields filled; its address is
  filled as a whole, and only when it has none, so that a street never lands in another commune; SIRENE's
  closure is counted for review but does not hide what members maintain;
- every field changed is written to the record's history as done "via l'import SIRENE n° N" (in bulk);
- a structure without disciplines gets the one its cultural NAF code states, "déduite de l'activité";
- an establishment of a partly public unit is never imported; a structure SIRENE wrote before it became
  partly public is withdrawn: unpublished, kept with its members, figures and answers (never deleted),
  and published again if it becomes public again.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from maillage.imports.notify import Written
from maillage.imports.sirene.bulk_insert import insert_discipline_links, insert_structures
from maillage.imports.sirene.communes import CommuneIndex, Resolution
from maillage.imports.sirene.field_rules import (
    ADDRESS_FIELDS,
    DOCUMENT_FIELDS,
    FILLABLE_FIELDS,
    SOURCE_LABEL,
    SOURCE_URL,
    WRITTEN_FIELDS,
)
from maillage.imports.sirene.lambert import from_lambert93, is_metropolitan
from maillage.imports.sirene.slugs import SlugAllocator
from maillage.imports.sirene.trace import BatchTrace, inserted_ids
from maillage.structures import derivation, field_sources
from maillage.structures.enums import DataSource, DatePrecision, EssFamily, HeadcountBand, WithdrawalReason
from maillage.structures.legal_categories import ess_family_resolve, is_ess_for, legal_category_label
from maillage.structures.models import Discipline, Structure
from maillage.structures.naf import naf_label
from maillage.structures.source_changes import group_fields, group_of
from maillage.structures.validators import validate_siret

# What a run reports of its writes, zero included.
OUTCOMES = (
    "created",
    "updated",
    "unchanged",
    "closed_now",
    "closed_not_created",
    "entered_filled",
    "entered_unchanged",
    "closed_entered_kept",
    "partly_public_skipped",
    "partly_public_withdrawn",
    "partly_public_still_withdrawn",
    "republished",
    "kept_person_values",
    "source_changes_new",
    "source_changes_updated",
    "source_changes_closed",
    "disciplines_derived",
    "history_lines",
    "invalid_siret",
    "named_after_siret",
    "commune_unknown",
    "commune_via_arrondissement",
    "commune_via_former_code",
    "lambert_out_of_bounds",
    "point_lambert",
    "point_commune",
    "point_none",
)
_index = derivation.structure_search_fields


class StructureWriter:
    """Plan each batch against the structures it names, then write it (or only count, in a dry run)."""

    def __init__(self, *, dry_run: bool, communes: CommuneIndex, run_id: int | None = None) -> None:
        self.dry_run = dry_run
        self.communes = communes
        self.slugs = SlugAllocator()
        self.counts: Counter[str] = Counter(dict.fromkeys(OUTCOMES, 0))
        self.now = timezone.now()
        self.run_id = run_id
        self.entry = field_sources.imported(field_sources.SIRENE, run_id)
        self.trace = BatchTrace(run_id)
        self.written = Written()  # what the listeners are told after the import
        self.derived_entries: dict[str, dict[str, Any]] = {}

    def write_batch(self, rows: list[dict[str, Any]]) -> None:
        existing = self._existing([r["siret"] for r in rows])
        communes_before = {s.pk: s.commune_id for s in existing.values()}
        creates: list[Structure] = []
        updates: list[Structure] = []
        withdrawn: list[Structure] = []
        for row in rows:
            structure = existing.get(row["siret"])
            try:
                validate_siret(row["siret"])
            except ValidationError:
                self.counts["invalid_siret"] += 1
                continue
            if row["partly_public"]:
                self._partly_public(structure, withdrawn)
            elif structure is None:
                if row["is_closed"]:
                    self.counts["closed_not_created"] += 1
                else:
                    creates.append(self._new(row))
            elif structure.source == DataSource.SIRENE:
                if self._refresh(structure, row):
                    updates.append(structure)
            elif self._fill(structure, row):
                updates.append(structure)
        if self.dry_run:
            self.counts["partly_public_withdrawn"] += len(withdrawn)
            self.trace = BatchTrace(self.run_id)  # nothing of a simulation is written
            return
        insert_structures(creates, self.now)
        for structure in updates:
            # A form opened before the import is stale now: its version no longer matches.
            structure.version = F("version") + 1  # type: ignore[assignment]
        Structure.objects.bulk_update(updates, [*WRITTEN_FIELDS, "version"], batch_size=250)
        self._withdraw(withdrawn)
        created = inserted_ids([s.siret for s in creates])
        insert_discipline_links(self.trace.new_links(created))
        self.trace.flush(self.counts)
        for structure in creates:
            if (pk := created.get(structure.siret)) is not None:  # looked up by SIRENE's key, its SIRET
                self.written.add(pk, structure.commune_id)
        for structure in (*updates, *withdrawn):
            self.written.add(structure.pk, communes_before[structure.pk], structure.commune_id)

    def _existing(self, sirets: list[str]) -> dict[str, Structure]:
        """Return the structures these SIRETs name: by SIRET, or by SIRENE's key if a SIRET was edited."""
        found = known_structures(sirets).prefetch_related(
            Prefetch("disciplines", queryset=Discipline.objects.select_related("parent")), "labels"
        )
        by_siret: dict[str, Structure] = {}
        for structure in found:
            if structure.source == DataSource.SIRENE and structure.source_id in sirets:
                by_siret[structure.source_id] = structure
            by_siret.setdefault(structure.siret, structure)
        return by_siret

    def _values(self, row: dict[str, Any], *, declared_family: str) -> dict[str, Any]:
        """Return SIRENE's value of each field it owns, the commune resolved and the point computed."""
        resolution = self._commune(row)
        commune = resolution.commune if resolution else None
        latitude, longitude = self._point(row, commune)
        code = row["legal_category"] or ""
        family = ess_family_resolve(
            legal_category_code=code, sirene_ess_flag=row["ess_flag"], declared=declared_family
        )
        if not row["name"]:
            self.counts["named_after_siret"] += 1
        return {
            "name": row["name"] or f"Établissement SIRET {row['siret']}",
            "acronym": row["acronym"] or "",
            "siret": row["siret"],
            "siren": row["siret"][:9],
            "legal_category_code": code,
            "legal_category_label": legal_category_label(code),
            "ess_family": family,
            "is_ess": is_ess_for(family, row["ess_flag"]),
            "naf_code": row["naf"],
            "naf_label": naf_label(row["naf"]),
            "street": row["street"] or "",
            "postal_code": row["postal_code"] or "",
            "commune_id": commune.id if commune else None,
            "latitude": latitude,
            "longitude": longitude,
            "founded_on": row["founded_on"],
            "founded_on_precision": DatePrecision.DAY,
            "is_active": not row["is_closed"],
            "closed_on": row["closed_on"] if row["is_closed"] else None,
            "source_date": row["source_date"],
            "source_label": SOURCE_LABEL,
            "source_url": SOURCE_URL.format(siret=row["siret"]),
            # trancheEffectifsEtablissement and its year: the observatory's employer size bands.
            "headcount_band": row["headcount_band"] or HeadcountBand.UNKNOWN,
            "headcount_year": row["headcount_year"],
            "_commune": commune,
        }

    def _commune(self, row: dict[str, Any]) -> Resolution | None:
        code = row["commune_code"]
        resolution = self.communes.resolve(code)
        if code and resolution is None:
            self.counts["commune_unknown"] += 1
        elif resolution is not None and resolution.via:
            self.counts[f"commune_via_{resolution.via}"] += 1
        return resolution

    def _point(self, row: dict[str, Any], commune: Any) -> tuple[float | None, float | None]:
        if row["lambert_x"] is not None and row["lambert_y"] is not None:
            latitude, longitude = from_lambert93(row["lambert_x"], row["lambert_y"])
            if is_metropolitan(latitude, longitude):
                self.counts["point_lambert"] += 1
                return round(latitude, 6), round(longitude, 6)
            self.counts["lambert_out_of_bounds"] += 1
        if commune is not None and commune.latitude is not None and commune.longitude is not None:
            self.counts["point_commune"] += 1
            return commune.latitude, commune.longitude
        self.counts["point_none"] += 1
        return None, None

    def _new(self, row: dict[str, Any]) -> Structure:
        values = self._values(row, declared_family="")
        commune = values.pop("_commune")
        structure = Structure(**values, source=DataSource.SIRENE, source_id=row["siret"], commune=commune)
        structure.slug = self.slugs.allocate(structure.name)
        structure.field_sources = {field_sources.DEFAULT_KEY: self.entry}
        discipline = self.trace.derived_for_new(structure.naf_code)
        if discipline is not None:
            self.trace.new_disciplines[structure.siret] = discipline
            structure.field_sources["disciplines"] = self._derived_entry(structure.naf_code)
        _index(structure, [discipline] if discipline else [], [])
        self.counts["created"] += 1
        return structure

    def _derived_entry(self, naf_code: str) -> dict[str, Any]:
        """Return the provenance of a discipline derived from this NAF code, made once per code and run."""
        # Shared between records like `self.entry`: entries are replaced, never changed in place.
        if naf_code not in self.derived_entries:
            self.derived_entries[naf_code] = field_sources.derived_from_naf(naf_code)
        return self.derived_entries[naf_code]

    def _refresh(self, structure: Structure, row: dict[str, Any]) -> bool:
        values = self._values(row, declared_family=structure.ess_family)
        commune = values.pop("_commune")
        kept = self._kept_groups(structure)
        changed = [
            name
            for name, value in values.items()
            if getattr(structure, name) != value and group_of(field_sources.key(name)) not in kept
        ]
        self._propose(structure, kept, values)
        republish = structure.withdrawn_reason == WithdrawalReason.PARTLY_PUBLIC
        if structure.is_active and "is_active" in changed and not values["is_active"]:
            self.counts["closed_now"] += 1
        changes = self._apply(structure, values, changed, commune)
        if republish:
            changes["withdrawn_at"] = {"old": structure.withdrawn_at.isoformat(), "new": None}  # type: ignore[union-attr]
            structure.withdrawn_at, structure.withdrawn_reason = None, ""
            self.counts["republished"] += 1
        if not changes:
            self.counts["unchanged"] += 1
            return False
        self.trace.revision(structure, changes)
        self.counts["updated"] += 1
        return True

    def _kept_groups(self, structure: Structure) -> set[str]:
        """Return the groups of fields a person set: SIRENE only proposes its values there."""
        sources = structure.field_sources or {}
        return {
            group_of(name)
            for name, found in sources.items()
            if isinstance(found, dict) and found.get("kind") == field_sources.PERSON
        }

    def _propose(self, structure: Structure, kept: set[str], values: dict[str, Any]) -> None:
        for group in kept:
            names = [
                n for n in group_fields(group) if _attname(n) in values and _attname(n) not in DOCUMENT_FIELDS
            ]
            if names:
                proposed = {n: values[_attname(n)] for n in names}
                current = {n: getattr(structure, _attname(n)) for n in names}
                self.trace.propose(structure, group, proposed, current)
                self.counts["kept_person_values"] += proposed != current

    def _apply(
        self, structure: Structure, values: dict[str, Any], changed: list[str], commune: Any
    ) -> dict[str, dict[str, Any]]:
        """Set the changed fields, their provenance, derived disciplines and index; return the history."""
        communes = {structure.commune_id: structure.commune if structure.commune_id else None}
        communes[commune.id if commune else None] = commune
        changes = {
            field_sources.key(name): self.trace.change(name, getattr(structure, name), values[name], communes)
            for name in changed
        }
        for name in changed:
            setattr(structure, name, values[name])
        if "commune_id" in changed:
            structure.commune = commune
        tracked = [n for n in changed if n not in DOCUMENT_FIELDS]
        if tracked:
            structure.field_sources = field_sources.with_entries(
                structure.field_sources or {}, tracked, self.entry
            )
        wanted = self.trace.derived_change(structure)
        if wanted is not None:
            changes["disciplines"] = self.trace.set_disciplines(structure, wanted)
        if changes:
            self._reindex(structure, wanted)
        return changes

    def _fill(self, structure: Structure, row: dict[str, Any]) -> bool:
        values = self._values(row, declared_family=structure.ess_family)
        commune = values.pop("_commune")
        if row["is_closed"] and structure.is_active:
            self.counts["closed_entered_kept"] += 1
        mine = {field_sources.key(n) for n, e in (structure.field_sources or {}).items() if _is_person(e)}
        changed = [name for name in FILLABLE_FIELDS if not getattr(structure, name) and values[name]]
        if not structure.legal_category_code and values["legal_category_code"]:
            changed += ["legal_category_code", "legal_category_label"]
        if structure.ess_family == EssFamily.UNKNOWN and values["ess_family"] != EssFamily.UNKNOWN:
            changed.append("ess_family")
        if structure.is_ess is None and values["is_ess"] is not None:
            changed.append("is_ess")
        if (
            structure.headcount_band == HeadcountBand.UNKNOWN
            and values["headcount_band"] != HeadcountBand.UNKNOWN
        ):
            changed += ["headcount_band", "headcount_year"]
        if structure.commune_id is None and commune is not None:
            changed += [name for name in ADDRESS_FIELDS if getattr(structure, name) != values[name]]
        elif (
            structure.latitude is None and structure.commune_id == values["commune_id"] and values["latitude"]
        ):
            changed += ["latitude", "longitude"]
        # A field a person set, even to nothing, is theirs: SIRENE does not fill it behind them.
        changed = [
            name for name in changed if group_of(field_sources.key(name)) not in {group_of(m) for m in mine}
        ]
        changes = self._apply(structure, values, changed, commune)
        if not changes:
            self.counts["entered_unchanged"] += 1
            return False
        self.trace.revision(structure, changes)
        self.counts["entered_filled"] += 1
        return True

    def _reindex(self, structure: Structure, disciplines: list[Discipline] | None = None) -> None:
        structure.slug = self.slugs.allocate(structure.name, current=structure.slug)
        if disciplines is None:
            disciplines = list(structure.disciplines.all())
        _index(structure, disciplines, list(structure.labels.all()))
        structure.updated_at = self.now

    def _partly_public(self, structure: Structure | None, withdrawn: list[Structure]) -> None:
        if structure is None or structure.source != DataSource.SIRENE:
            self.counts["partly_public_skipped"] += 1
        elif structure.withdrawn_at is not None:
            self.counts["partly_public_still_withdrawn"] += 1
        else:
            withdrawn.append(structure)

    def _withdraw(self, structures: list[Structure]) -> None:
        """Unpublish the structures: kept whole, members, figures and survey answers included."""
        if not structures:
            return
        Structure.objects.filter(pk__in=[s.pk for s in structures]).update(
            withdrawn_at=self.now,
            withdrawn_reason=WithdrawalReason.PARTLY_PUBLIC,
            updated_at=self.now,
            version=F("version") + 1,
        )
        for structure in structures:
            self.trace.revision(
                structure,
                {
                    "withdrawn_at": {"old": None, "new": self.now.isoformat()},
                    "withdrawn_reason": {"old": "", "new": WithdrawalReason.PARTLY_PUBLIC.value},
                },
            )
        self.counts["partly_public_withdrawn"] += len(structures)


def known_structures(sirets: list[str]) -> QuerySet[Structure]:
    """Return the structures these SIRETs name, by SIRET or by SIRENE's key, with their commune."""
    # Each branch states its unique index's condition (`<> ''`): without it SQLite cannot use these
    # partial indexes and scanned the whole directory for every batch (13 s of a 10 M-row import).
    by_siret_key = Q(siret__in=sirets) & ~Q(siret="")
    by_source_key = Q(source=DataSource.SIRENE, source_id__in=sirets) & ~Q(source_id="")
    return Structure.objects.filter(by_siret_key | by_source_key).select_related("commune")


def _attname(name: str) -> str:
    return {"commune": "commune_id", "parent": "parent_id"}.get(name, name)


def _is_person(found: object) -> bool:
    return isinstance(found, dict) and found.get("kind") == field_sources.PERSON
