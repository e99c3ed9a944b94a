"""OpenAgenda's event format: export the agenda, import a file atomically with a report per row.

OpenAgenda describes an event with multilingual texts (`{"fr": …}`), a list of `timings` (one per day,
ISO times with offset), a `location`, an `attendanceMode` (1 on site, 2 online, 3 both), an
`onlineAccessLink`, `accessibility` flags and `keywords`. What OpenAgenda has no field for (type,
organisers, series, precision of the date…) travels in a `maillage` object other readers ignore, so that
an export re-imports to the same events.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.events.enums import Accessibility, AttendanceMode, EventKind, EventSource, EventStatus
from maillage.events.models import PARIS, Event, EventSeries
from maillage.events.recurrence import occurrences
from maillage.events.selectors import organisers_of, partners_of
from maillage.events.services import event_create, event_update
from maillage.structures.enums import DatePrecision
from maillage.structures.models import Structure
from maillage.territories.models import Territory

MODES = {AttendanceMode.OFFLINE: 1, AttendanceMode.ONLINE: 2, AttendanceMode.MIXED: 3}
MODES_BACK = {number: mode for mode, number in MODES.items()}
CANCELLED = 6  # OpenAgenda's status of a cancelled event
SCHEDULED = 1
DAY_START, DAY_END = datetime.time(0, 0), datetime.time(23, 59)


def _timings(event: Event) -> list[dict[str, str]]:
    """Return one timing per day (per occurrence for a recurring event), in Paris time with offset."""
    begin_time = event.start_time or DAY_START
    end_time = event.end_time or DAY_END
    if event.recurrence_rule:
        starts = [
            s if isinstance(s, datetime.date) and not isinstance(s, datetime.datetime) else s.date()
            for s in occurrences(event.start_date, event.recurrence_rule, event.recurrence_exceptions)
        ]
        days = [(day, begin_time, end_time) for day in starts]
    else:
        count = (event.end_date - event.start_date).days + 1
        days = []
        for n in range(count):
            day = event.start_date + datetime.timedelta(days=n)
            # A timed multi-day event starts at its hour on the first day and ends at its hour on the last.
            days.append((day, begin_time if n == 0 else DAY_START, end_time if n == count - 1 else DAY_END))
    return [
        {
            "begin": datetime.datetime.combine(day, start, tzinfo=PARIS).isoformat(),
            "end": datetime.datetime.combine(day, end, tzinfo=PARIS).isoformat(),
        }
        for day, start, end in days
    ]


def event_to_openagenda(event: Event) -> dict[str, Any]:
    """Return one event in OpenAgenda's format."""
    commune = event.commune
    return {
        "uid": event.source_id if event.source == EventSource.OPENAGENDA and event.source_id else event.slug,
        "slug": event.slug,
        "title": {"fr": event.title},
        "description": {"fr": event.description[:200]},
        "longDescription": {"fr": event.description},
        "keywords": {"fr": [k.strip() for k in event.keywords.split(",") if k.strip()]},
        "conditions": {"fr": event.price},
        "timings": _timings(event),
        "location": {
            "name": event.venue,
            "address": event.street,
            "city": commune.name if commune else "",
            "insee": commune.code if commune else "",
        },
        "attendanceMode": MODES[AttendanceMode(event.attendance_mode)],
        "onlineAccessLink": event.online_url,
        "accessibility": {code: code in event.accessibility_features for code in Accessibility.values},
        "status": CANCELLED if event.status == EventStatus.CANCELLED else SCHEDULED,
        "maillage": {
            "type": event.kind,
            "precision_date": event.date_precision,
            "horaires": bool(event.start_time),
            "rrule": event.recurrence_rule,
            "exceptions": event.recurrence_exceptions,
            "accessibilite": event.accessibility,
            "public": event.audience,
            "organisateurs": [s.slug for s in organisers_of(event)],
            "partenaires": [s.slug for s in partners_of(event)],
            "serie": event.series.slug if event.series else "",
        },
    }


def export_openagenda(events: Iterable[Event]) -> dict[str, Any]:
    """Return the agenda as OpenAgenda lists events: `{"events": [...], "total": n}`."""
    items = [event_to_openagenda(e) for e in events]
    return {"total": len(items), "events": items}


@dataclass
class RowReport:
    number: int
    uid: str
    title: str
    outcome: str = ""  # "créé", "modifié", "inchangé", "refusé"
    messages: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    applied: bool = False

    @property
    def refused(self) -> list[RowReport]:
        return [r for r in self.rows if r.outcome == "refusé"]

    def lines(self) -> list[str]:
        """Describe the run in French, one line per row, then the verdict."""
        lines = [
            f"  ligne {r.number} « {r.title or r.uid} » : {r.outcome}"
            + (f" — {' ; '.join(r.messages)}" if r.messages else "")
            for r in self.rows
        ]
        if self.refused:
            lines.append(f"{len(self.refused)} ligne(s) refusée(s) : rien n'a été importé.")
        elif not self.applied:
            lines.append("Simulation : rien n'a été écrit.")
        else:
            lines.append(f"{len(self.rows)} événement(s) importé(s).")
        return lines


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("fr") or next(iter(value.values()), "") or "")
    return str(value or "")


def _parse_moment(value: Any, what: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError as error:
        raise ValueError(f"{what} illisible : « {str(value)[:40]} »") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS)


def _fields(
    item: dict[str, Any], report: RowReport
) -> tuple[dict[str, Any], list[Structure], list[Structure]]:
    """Read one OpenAgenda event into our fields; raise ValueError with a French message on bad data."""
    extra: dict[str, Any] = item["maillage"] if isinstance(item.get("maillage"), dict) else {}
    title = _text(item.get("title")).strip()
    if not title:
        raise ValueError("titre manquant")
    timings = item.get("timings")
    if not isinstance(timings, list) or not timings:
        raise ValueError("aucun horaire (timings)")
    moments = sorted(
        (_parse_moment(t.get("begin"), "début"), _parse_moment(t.get("end"), "fin"))
        for t in timings
        if isinstance(t, dict)
    )
    if not moments:
        raise ValueError("horaires illisibles")
    first, last = moments[0], moments[-1]
    timed = extra.get("horaires", first[0].time() != DAY_START or last[1].time() != DAY_END)
    mode = MODES_BACK.get(item.get("attendanceMode", 1))
    if mode is None:
        raise ValueError(f"mode de participation inconnu : {item.get('attendanceMode')!r}")
    location: dict[str, Any] = item["location"] if isinstance(item.get("location"), dict) else {}
    commune = None
    if insee := str(location.get("insee") or "").strip():
        commune = Territory.objects.filter(id=f"COM-{insee[:5]}").first()
        if commune is None:
            report.messages.append(f"commune {insee[:5]} absente du référentiel, laissée vide")
    rule = str(extra.get("rrule") or "")
    fields: dict[str, Any] = {
        "title": title[:300],
        "description": _text(item.get("longDescription")) or _text(item.get("description")),
        "keywords": ", ".join(str(k) for k in (item.get("keywords") or {}).get("fr", []))[:300]
        if isinstance(item.get("keywords"), dict)
        else "",
        "price": _text(item.get("conditions"))[:200],
        "start_date": first[0].date(),
        "end_date": first[1].date() if rule else last[1].date(),
        "start_time": first[0].time() if timed else None,
        "end_time": (first[1] if rule else last[1]).time() if timed else None,
        "attendance_mode": mode,
        "online_url": str(item.get("onlineAccessLink") or "")[:500],
        "venue": str(location.get("name") or "")[:255],
        "street": str(location.get("address") or "")[:255],
        "commune": commune,
        "accessibility_features": sorted(
            code
            for code, on in (item.get("accessibility") or {}).items()
            if on and code in Accessibility.values
        ),
        "status": EventStatus.CANCELLED if item.get("status") == CANCELLED else EventStatus.PUBLISHED,
        "kind": extra.get("type") if extra.get("type") in EventKind.values else EventKind.OTHER,
        "date_precision": extra.get("precision_date")
        if extra.get("precision_date") in DatePrecision.values
        else DatePrecision.DAY,
        "recurrence_rule": rule[:300],
        "recurrence_exceptions": [str(d)[:10] for d in extra.get("exceptions") or []],
        "accessibility": str(extra.get("accessibilite") or ""),
        "audience": str(extra.get("public") or "")[:300],
        "series": EventSeries.objects.filter(slug=str(extra.get("serie") or "")[:120]).first()
        if extra.get("serie")
        else None,
    }
    organisers = list(Structure.objects.filter(slug__in=[str(s) for s in extra.get("organisateurs") or []]))
    partners = list(Structure.objects.filter(slug__in=[str(s) for s in extra.get("partenaires") or []]))
    return fields, organisers, partners


def _existing(item: dict[str, Any], uid: str) -> Event | None:
    slug = str(item.get("slug") or "")[:120]
    # Our own exports name an event by its slug: only then may the slug find it (another site's slugs are
    # not ours).
    if slug and slug == uid and (event := Event.objects.filter(slug=slug).first()) is not None:
        return event
    return Event.objects.filter(source=EventSource.OPENAGENDA, source_id=uid).first()


def import_openagenda(data: Any, *, actor: Any, dry_run: bool = False) -> ImportReport:
    """Import OpenAgenda events all or nothing: one refused row and nothing is written."""
    report = ImportReport()
    items = data.get("events") if isinstance(data, dict) else data
    if not isinstance(items, list):
        report.rows.append(RowReport(0, "", "", "refusé", ["attendu : une liste d'événements (« events »)"]))
        return report
    with transaction.atomic():
        for number, item in enumerate(items, start=1):
            row = RowReport(
                number, str((item or {}).get("uid", ""))[:120] if isinstance(item, dict) else "", ""
            )
            report.rows.append(row)
            if not isinstance(item, dict):
                row.outcome, row.messages = "refusé", ["attendu : un objet"]
                continue
            row.title = _text(item.get("title"))[:80]
            try:
                with transaction.atomic():
                    fields, organisers, partners = _fields(item, row)
                    row.outcome = _write(item, row.uid, fields, organisers, partners, actor)
            except (ValueError, ValidationError) as error:
                row.outcome = "refusé"
                row.messages.append(_message(error))
        if dry_run or report.refused:
            transaction.set_rollback(True)
        else:
            report.applied = True
    return report


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ; ".join(str(m) for m in error.messages)
    return str(error)


def _write(
    item: dict[str, Any],
    uid: str,
    fields: dict[str, Any],
    organisers: list[Structure],
    partners: list[Structure],
    actor: Any,
) -> str:
    existing = _existing(item, uid)
    if existing is None:
        wanted = str(item.get("slug") or "")[:120]
        slug = wanted if wanted and not Event.objects.filter(slug=wanted).exists() else None
        event_create(
            actor=actor,
            slug=slug,
            organisers=organisers,
            partners=partners,
            source=EventSource.OPENAGENDA,
            source_id=uid,
            source_label="Import au format OpenAgenda",
            source_date=timezone.localdate(),
            **fields,
        )
        return "créé"
    changed = {name: value for name, value in fields.items() if getattr(existing, name) != value}
    same_people = [s.pk for s in organisers_of(existing)] == [s.pk for s in organisers] and sorted(
        s.pk for s in partners_of(existing)
    ) == sorted(s.pk for s in partners)
    if not changed and same_people:
        return "inchangé"
    event_update(
        actor=actor,
        event=existing,
        expected_version=existing.version,
        organisers=organisers,
        partners=partners,
        **changed,
    )
    return "modifié"
