"""Recurring events: an RFC 5545 rule and its exceptions, expanded the way calendar clients do."""

from __future__ import annotations

import datetime

from dateutil.rrule import rrule, rrulestr  # type: ignore[import-untyped]
from django.core.exceptions import ValidationError

# A rule without COUNT or UNTIL would never end: the pages and feeds stop at this many occurrences.
MAX_OCCURRENCES = 500


def parse_rule(text: str, start: datetime.datetime | datetime.date) -> rrule:
    """Return the rule for an event starting at `start`; raise ValidationError in French if unreadable."""
    dtstart = (
        start if isinstance(start, datetime.datetime) else datetime.datetime.combine(start, datetime.time())
    )
    try:
        rule = rrulestr(text.removeprefix("RRULE:"), dtstart=dtstart)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            {"recurrence_rule": f"Règle de récurrence illisible (format RRULE attendu) : {error}"}
        ) from error
    if not isinstance(rule, rrule):
        raise ValidationError({"recurrence_rule": "Une seule règle RRULE est attendue."})
    return rule


def exception_dates(values: list[str]) -> set[datetime.date]:
    """Return the skipped occurrence dates stored as ISO strings."""
    return {datetime.date.fromisoformat(value[:10]) for value in values}


def occurrences(
    start: datetime.datetime | datetime.date, rule_text: str, exceptions: list[str]
) -> list[datetime.datetime | datetime.date]:
    """Return every start of a recurring event, its exceptions left out, at most MAX_OCCURRENCES."""
    rule = parse_rule(rule_text, start)
    skipped = exception_dates(exceptions)
    found: list[datetime.datetime | datetime.date] = []
    for moment in rule:
        if len(found) >= MAX_OCCURRENCES:
            break
        if moment.date() in skipped:
            continue
        found.append(moment if isinstance(start, datetime.datetime) else moment.date())
    return found
