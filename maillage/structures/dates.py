"""Dates known to a year, a month or a day, as sources state them ("octobre 2010", "2012")."""

import datetime

from django.utils.formats import date_format

from maillage.structures.enums import DatePrecision

_FORMATS = {DatePrecision.YEAR: "Y", DatePrecision.MONTH: "F Y", DatePrecision.DAY: "j F Y"}


def partial_date(year: int, month: int | None = None, day: int | None = None) -> tuple[datetime.date, str]:
    """Return the date to store (first day of the period) and its precision."""
    if month is None:
        return datetime.date(year, 1, 1), DatePrecision.YEAR
    if day is None:
        return datetime.date(year, month, 1), DatePrecision.MONTH
    return datetime.date(year, month, day), DatePrecision.DAY


def partial_date_display(value: datetime.date | None, precision: str) -> str:
    """Return a date as precise as it is known, in words: "2012", "octobre 2010", "13 janvier 2015"."""
    if value is None:
        return ""
    return date_format(value, _FORMATS.get(DatePrecision(precision), "j F Y"))
