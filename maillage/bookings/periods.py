"""Periods of bookings: days or hours turned into instants, and said back in French."""

from __future__ import annotations

import datetime

from django.utils import formats, timezone

from maillage.bookings.enums import Unit

ONE_DAY = datetime.timedelta(days=1)


def day_period(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Return the instants from the first day's midnight to the midnight after the last day."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(last + ONE_DAY, datetime.time.min, tzinfo=zone)
    return start, end


def describe(start: datetime.datetime, end: datetime.datetime, unit: str) -> str:
    """Say a period in French: « du 3 au 5 mars 2026 » style, by days or by hours."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    if unit == Unit.DAY:
        last = (end - ONE_DAY).date() if end.time() == datetime.time.min else end.date()
        if last == start.date():
            return f"le {formats.date_format(start, 'j F Y')}"
        return f"du {formats.date_format(start, 'j F Y')} au {formats.date_format(last, 'j F Y')}"
    if start.date() == end.date():
        return (
            f"le {formats.date_format(start, 'j F Y')} de {formats.time_format(start, 'H:i')} "
            f"à {formats.time_format(end, 'H:i')}"
        )
    return f"du {formats.date_format(start, 'j F Y à H:i')} au {formats.date_format(end, 'j F Y à H:i')}"
