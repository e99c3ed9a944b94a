"""The row-level report of a run: counts, how the file was read, and every row not imported as is."""

from __future__ import annotations

from dataclasses import dataclass, field

from maillage.imports.networks.columns import FIELDS, Layout
from maillage.imports.networks.sniffing import DELIMITER_NAMES, FileInfo

OK, FIXED, REJECTED, DUPLICATE = "ok", "fixed", "rejected", "duplicate"
STATUS_LABELS = {OK: "sans correction", FIXED: "corrigée", REJECTED: "rejetée", DUPLICATE: "doublon proposé"}
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class RowResult:
    line: int
    status: str
    name: str
    messages: list[str]
    action: str = ""  # created, updated or unchanged, for rows written
    proposal: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "line": self.line,
            "status": self.status,
            "name": self.name,
            "messages": self.messages,
        }
        if self.action:
            data["action"] = self.action
        if self.proposal:
            data["proposal"] = self.proposal
        return data

    def __str__(self) -> str:
        return f"ligne {self.line} — {STATUS_LABELS[self.status]} : {' ; '.join(self.messages)}"


@dataclass
class ImportReport:
    file: FileInfo
    layout: Layout
    source_label: str
    dry_run: bool
    results: list[RowResult] = field(default_factory=list)
    empty: int = 0
    # Values a person set that the file contradicts: proposed to the record's people, not written.
    source_changes: dict[str, int] = field(default_factory=dict)

    def add(self, result: RowResult) -> None:
        self.results.append(result)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def counts(self) -> dict[str, int]:
        actions = [r.action for r in self.results]
        return {
            "ok": self.count(OK),
            "fixed": self.count(FIXED),
            "rejected": self.count(REJECTED),
            "duplicates": self.count(DUPLICATE),
            "created": actions.count(CREATED),
            "updated": actions.count(UPDATED),
            "unchanged": actions.count(UNCHANGED),
            "read": len(self.results),
            "empty": self.empty,
        }

    @property
    def problems(self) -> list[RowResult]:
        return [r for r in self.results if r.status != OK]

    @property
    def ignored_columns(self) -> list[tuple[str, str]]:
        return [(c.header, c.note) for c in self.layout.columns if c.field is None]

    def as_json(self) -> dict[str, object]:
        """Return the report as `--report` writes it: counts first, then each row not ok."""
        return {
            **self.counts(),
            "dry_run": self.dry_run,
            "source_label": self.source_label,
            "file": {
                **self.file.as_json(),
                "header_line": self.layout.header_line,
                "title_lines": self.layout.title_lines,
            },
            "columns": [c.as_json() for c in self.layout.columns],
            "rows": [r.as_json() for r in self.problems],
            "source_changes": self.source_changes,
        }

    def summary(self) -> list[str]:
        """Return the French lines a person reads after a run."""
        info = self.file
        how = [info.format.upper() if info.format == "xlsx" else info.encoding]
        if info.delimiter:
            how.append(f"séparateur {DELIMITER_NAMES[info.delimiter]}")
        if info.sheet:
            how.append(f"feuille « {info.sheet} »")
        how.append(f"en-tête ligne {self.layout.header_line}")
        lines = [f"Fichier « {info.file_name} » : {', '.join(how)}."]
        lines += [f"  {note}" for note in info.notes]
        if self.layout.title_lines:
            titles = ", ".join(str(line) for line in self.layout.title_lines)
            lines.append(f"  lignes de titre au-dessus de l'en-tête ignorées : {titles}")
        read = [f"« {c.header} » → {FIELDS[c.field]}" for c in self.layout.columns if c.field]
        lines.append(f"Colonnes lues : {', '.join(read)}.")
        by_note: dict[str, list[str]] = {}
        for header, note in self.ignored_columns:
            by_note.setdefault(note, []).append(f"« {header} »")
        if by_note:
            lines.append("Colonnes non importées :")
            lines += [f"  {note} : {', '.join(headers)}" for note, headers in by_note.items()]
        counts = self.counts()
        lines.append(
            f"{counts['read']} lignes lues : {counts['ok']} sans correction, {counts['fixed']} corrigées, "
            f"{counts['rejected']} rejetées, {counts['duplicates']} doublons proposés"
            + (f" ; lignes vides ignorées : {counts['empty']}." if counts["empty"] else ".")
        )
        verb = "seraient" if self.dry_run else "ont été"
        lines.append(
            f"Structures ({self.source_label}) : {counts['created']} {verb} créées, {counts['updated']} "
            f"mises à jour, {counts['unchanged']} inchangées."
        )
        if proposed := self.source_changes.get("source_changes_new", 0):
            lines.append(
                f"Valeurs saisies par une personne et contredites par le fichier : {proposed} changement"
                f"{'s' if proposed > 1 else ''} proposé{'s' if proposed > 1 else ''} à leurs gestionnaires, "
                "non écrit" + ("s." if proposed > 1 else ".")
            )
        if self.dry_run:
            lines.append("Simulation : aucune structure n'a été écrite.")
        return lines
