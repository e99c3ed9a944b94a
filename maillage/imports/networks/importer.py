"""Import a network's file of structures: every valid row in one transaction, the rest reported by line.

Network files are small (a few thousand rows at most) and every row goes through the structure services
(derived fields, `full_clean`), so rows are read one by one; each write sits in its own savepoint, so a
row the services refuse is reported without undoing the others, while a crash undoes the whole run.

A dry run goes through exactly the same steps, writes included, inside a transaction that is rolled back:
its report is the one a real run would give. It leaves one trace, on purpose: its `ImportRun` (status
`dry_run`), so the admin's preview and the history show what was simulated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.imports.networks.columns import Layout, MappingError, detect_layout
from maillage.imports.networks.matching import DUPLICATE as DUPLICATE_ACTION
from maillage.imports.networks.matching import UPDATE, Decision, Matcher
from maillage.imports.networks.places import PlaceResolver
from maillage.imports.networks.report import (
    CREATED,
    DUPLICATE,
    FIXED,
    OK,
    REJECTED,
    UNCHANGED,
    UPDATED,
    ImportReport,
    RowResult,
)
from maillage.imports.networks.rows import CleanRow, DisciplineIndex, RowCleaner
from maillage.imports.networks.sniffing import Table, UnreadableFileError, read_table
from maillage.imports.notify import Written, import_applied
from maillage.structures import field_sources
from maillage.structures.enums import DataSource
from maillage.structures.models import Structure
from maillage.structures.services import structure_create, structure_update
from maillage.structures.source_changes import SourceTrace

PROGRESS_EVERY = 200
Progress = Callable[[int, int], None]


class NetworkFileError(ValueError):
    """The file cannot be read as a table of structures (nothing was imported)."""

    def __init__(self, message: str, layout: Layout | None = None) -> None:
        super().__init__(message)
        self.layout = layout  # the columns read, for a person to say which one holds the name


@dataclass
class NetworkImport:
    run: ImportRun
    report: ImportReport


def network_file_import(
    *,
    content: bytes,
    file_name: str,
    source_label: str = "",
    mapping: Mapping[str, object] | None = None,
    mapping_name: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
    defer_indicators: bool = False,
) -> NetworkImport:
    """Import the structures of a network's CSV or .xlsx file, or simulate it; record the run.

    With `defer_indicators`, the observatory's new snapshot is computed by a background task (a page
    answers at once) instead of before returning (a command).
    """
    label = source_label.strip() or PurePath(file_name).name
    run = ImportRun.objects.create(
        kind=ImportKind.NETWORK_FILE,
        file_name=file_name,
        options={
            "source_label": label,
            "dry_run": dry_run,
            "mapping_name": mapping_name,
            "mapping": dict(mapping or {}),
        },
    )
    try:
        table = read_table(content, file_name)
        layout = detect_layout(table.rows, mapping)
    except (UnreadableFileError, MappingError) as error:
        _finish(run, ImportStatus.FAILED, message=str(error))
        raise NetworkFileError(str(error), getattr(error, "layout", None)) from error
    report = ImportReport(file=table.info, layout=layout, source_label=label, dry_run=dry_run)
    written = Written()
    try:
        with transaction.atomic():
            _import_rows(table, report, progress, run.pk, written)
            if dry_run:
                transaction.set_rollback(True)
    except Exception as error:
        _finish(run, ImportStatus.FAILED, report, f"Import interrompu, rien n'a été écrit : {error!r}")
        raise
    _finish(run, ImportStatus.DRY_RUN if dry_run else ImportStatus.APPLIED, report)
    # The observatory's new snapshot (nothing for a dry run), now or in a task for a page: it measures
    # again only the communes written, and the scores look only at the structures written.
    import_applied(run=run, background=defer_indicators, written=written)
    return NetworkImport(run, report)


def _finish(run: ImportRun, status: str, report: ImportReport | None = None, message: str = "") -> None:
    run.status = status
    run.finished_at = timezone.now()
    if report is not None:
        run.counts = report.counts()
        run.selected_count = run.counts["read"]
        run.report = report.as_json()
        message = "\n".join([*report.summary(), message]).strip()
    run.message = message
    run.save()


def _import_rows(
    table: Table, report: ImportReport, progress: Progress | None, run_id: int, written: Written
) -> None:
    cleaner = RowCleaner(report.layout, PlaceResolver(), DisciplineIndex())
    matcher = Matcher(report.source_label)
    source = f"network:{report.source_label}"
    trace = SourceTrace(
        source,
        run_id,
        field_sources.imported(source, run_id),
        f"via l'import du fichier « {report.source_label} » n° {run_id}",
    )
    rows = [(line, cells) for line, cells in table.rows if line > report.layout.header_line]
    for done, (line, cells) in enumerate(rows, start=1):
        row = cleaner.clean(line, cells)
        if row.empty:
            report.empty += 1
        elif row.errors:
            report.add(RowResult(line, REJECTED, row.name, row.errors + row.notes))
        else:
            report.add(_apply(row, matcher, trace, written))
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(rows)):
            progress(done, len(rows))
    report.source_changes = trace.flush()


def _apply(row: CleanRow, matcher: Matcher, trace: SourceTrace, written: Written) -> RowResult:
    decision = matcher.decide(row)
    if decision.action == DUPLICATE_ACTION:
        messages = [decision.message, *row.notes]
        return RowResult(row.line, DUPLICATE, row.name, messages, proposal=decision.proposal)
    key = matcher.key(row)
    commune_before = decision.structure.commune_id if decision.structure is not None else None
    try:
        with transaction.atomic():
            structure, action = _write(row, decision, key, trace)
    except ValidationError as error:
        return RowResult(row.line, REJECTED, row.name, [*_messages(error), *row.notes])
    matcher.remember(row, structure, key)
    if action != UNCHANGED:
        written.add(structure.pk, commune_before, structure.commune_id)
    return RowResult(row.line, FIXED if row.notes else OK, row.name, row.notes, action=action)


def _write(row: CleanRow, decision: Decision, key: str, trace: SourceTrace) -> tuple[Structure, str]:
    fields: dict[str, Any] = {
        **row.fields,
        "source": DataSource.NETWORK_FILE,
        "source_id": key,
        "source_label": trace.source.removeprefix("network:"),
    }
    if decision.action != UPDATE or decision.structure is None:
        fields["field_sources"] = {field_sources.DEFAULT_KEY: trace.entry}
        return structure_create(disciplines=row.disciplines or (), comment=trace.comment, **fields), CREATED
    structure = decision.structure
    changed = {name: value for name, value in fields.items() if _differs(structure, name, value)}
    disciplines = row.disciplines
    if disciplines is not None and {d.pk for d in disciplines} == set(
        structure.disciplines.values_list("pk", flat=True)
    ):
        disciplines = None
    changed, lists = trace.hold_person_values(structure, changed, {"disciplines": disciplines})
    disciplines = lists["disciplines"]
    if not changed and disciplines is None:
        return structure, UNCHANGED
    tracked = [*changed, *(["disciplines"] if disciplines is not None else [])]
    changed["field_sources"] = trace.sources_after(structure, tracked)
    return (
        structure_update(structure=structure, disciplines=disciplines, comment=trace.comment, **changed),
        UPDATED,
    )


def _differs(structure: Structure, name: str, value: object) -> bool:
    if name == "commune":
        return structure.commune_id != (value.pk if value is not None else None)  # type: ignore[attr-defined]
    return bool(getattr(structure, name) != value)


def _messages(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    labels = {f.name: str(f.verbose_name) for f in Structure._meta.fields}
    return [
        message if name == NON_FIELD_ERRORS else f"{labels.get(name, name)} : {message}"
        for name, messages in error.message_dict.items()
        for message in messages
    ]
