"""Import a file of the schema: atomic, idempotent by id, published schemes' changes queued for review."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from maillage.schemes import cells
from maillage.schemes.columns import DATE_FIELDS
from maillage.schemes.enums import ReviewStatus, SchemeStatus
from maillage.schemes.exchange import RowProblem, parse_row, read_csv
from maillage.schemes.models import Scheme, SchemeReview
from maillage.schemes.services import import_entry, scheme_create, scheme_update
from maillage.structures.models import Discipline
from maillage.territories.models import Territory

DEFAULT_MISSING_RUNS = 3


@dataclass
class ImportReport:
    source: str
    dry_run: bool
    variant: str = ""
    created: int = 0
    updated: int = 0
    dates_only: int = 0
    queued: int = 0
    unchanged: int = 0
    retired: int = 0
    rejected: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    fatal: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "essai": self.dry_run,
            "variante": self.variant,
            "crees": self.created,
            "mis_a_jour": self.updated,
            "dates_seules": self.dates_only,
            "a_verifier": self.queued,
            "inchanges": self.unchanged,
            "retires_de_la_source": self.retired,
            "lignes_rejetees": [p.as_dict() for p in self.rejected],
            "avertissements": self.warnings,
            "colonnes_inconnues": self.unknown_columns,
            "erreur": self.fatal,
        }

    def summary(self) -> str:
        if self.fatal:
            return f"Import refusé : {self.fatal}"
        return (
            f"{self.created} créé(s), {self.updated} mis à jour, {self.dates_only} date(s) seule(s), "
            f"{self.queued} à vérifier, {self.unchanged} inchangé(s), {self.retired} retiré(s) de la source, "
            f"{len(self.rejected)} problème(s) de ligne."
        )


class _DryRunError(Exception):
    pass


def import_schemes(data: bytes, *, source: str, dry_run: bool = False, actor: Any = None) -> ImportReport:
    """Import a CSV of the schema from `source`; with dry_run nothing is kept, the report is the same."""
    report = ImportReport(source=source, dry_run=dry_run)
    read = read_csv(data)
    report.variant, report.fatal = read.variant, read.fatal
    report.rejected = list(read.problems)
    report.unknown_columns = read.unknown_columns
    if read.unknown_columns:
        report.warnings.append(
            "Colonnes inconnues gardées à part (non importées dans les champs) : "
            f"{', '.join(read.unknown_columns)}."
        )
    if read.fatal:
        return report
    try:
        with transaction.atomic():
            _apply(read.rows, report, source=source, actor=actor)
            if dry_run:
                raise _DryRunError
    except _DryRunError:
        pass
    return report


def _apply(
    rows: list[tuple[int, dict[str, str], dict[str, str]]], report: ImportReport, *, source: str, actor: Any
) -> None:
    seen = set()
    territories = set(Territory.objects.values_list("pk", flat=True).filter(pk__contains="-"))
    for line, schema_cells, others in rows:
        try:
            values, kept = parse_row(schema_cells, others)
        except (cells.CellError, ValueError) as error:
            report.rejected.append(RowProblem(line, "", str(error)))
            continue
        for code in [*values.get("geo_codes", []), *values.get("geo_exclusions", [])]:
            if code not in territories:
                report.warnings.append(
                    f"Ligne {line} : territoire « {code} » absent du référentiel, gardé tel quel."
                )
        values["extra_columns"] = kept
        values["variant"] = report.variant
        seen.add(values["uid"])
        _upsert(values, report, source=source, actor=actor, line=line)
    _count_absences(seen, report, source=source)


def _upsert(values: dict[str, Any], report: ImportReport, *, source: str, actor: Any, line: int) -> None:
    porteurs = values.pop("porteurs", [])
    slugs = values.pop("disciplines", None)
    disciplines = list(Discipline.objects.filter(slug__in=slugs)) if slugs is not None else None
    entry = import_entry(source)
    scheme = Scheme.objects.filter(uid=values["uid"]).first()
    if scheme is None:
        scheme_create(
            actor=actor,
            source=source,
            porteurs=porteurs,
            disciplines=disciplines or [],
            provenance=entry,
            status=SchemeStatus.PUBLISHED,
            **values,
        )
        report.created += 1
        return
    changed = {name: value for name, value in values.items() if _differs(scheme, name, value)}
    porteurs_changed = _porteurs_of(scheme) != [
        {"nom": str(p.get("nom", "")), "siren": str(p.get("siren", "")), "roles": list(p.get("roles", []))}
        for p in porteurs
    ]
    Scheme.objects.filter(pk=scheme.pk).update(missing_runs=0, retired_from_source_at=None)
    if not changed and not porteurs_changed:
        report.unchanged += 1
        return
    # Dates and the columns kept aside change no promise made to readers: they apply without review.
    direct = DATE_FIELDS | {"extra_columns"}
    dates = {k: v for k, v in changed.items() if k in direct}
    others = {k: v for k, v in changed.items() if k not in direct}
    if scheme.status == SchemeStatus.PUBLISHED and (others or porteurs_changed):
        if dates:
            scheme_update(scheme=scheme, actor=actor, provenance=entry, **dates)
        proposal = {k: _json(v) for k, v in others.items()}
        if porteurs_changed:
            proposal["porteurs"] = porteurs
        pending = SchemeReview.objects.filter(scheme=scheme, status=ReviewStatus.PENDING, changes=proposal)
        if not pending.exists():
            SchemeReview.objects.create(scheme=scheme, source=source, changes=proposal)
        report.queued += 1
        return
    scheme_update(
        scheme=scheme,
        actor=actor,
        provenance=entry,
        porteurs=porteurs if porteurs_changed else None,
        disciplines=disciplines,
        **changed,
    )
    if others or porteurs_changed:
        report.updated += 1
    else:
        report.dates_only += 1


def _porteurs_of(scheme: Scheme) -> list[dict[str, Any]]:
    return [{"nom": p.name, "siren": p.siren, "roles": list(p.roles)} for p in scheme.porteurs.all()]


def _differs(scheme: Scheme, name: str, value: Any) -> bool:
    if name in {"uid", "variant"}:
        return False
    return bool(getattr(scheme, name) != value)


def _json(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _count_absences(seen: set[Any], report: ImportReport, *, source: str) -> None:
    threshold = getattr(settings, "SCHEMES_MISSING_RUNS", DEFAULT_MISSING_RUNS)
    absent = Scheme.objects.filter(source=source, retired_from_source_at__isnull=True).exclude(uid__in=seen)
    for scheme in absent:
        scheme.missing_runs += 1
        retired = scheme.missing_runs >= threshold
        Scheme.objects.filter(pk=scheme.pk).update(
            missing_runs=scheme.missing_runs, retired_from_source_at=timezone.now() if retired else None
        )
        report.retired += int(retired)
