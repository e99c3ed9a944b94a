"""Read integers and ids sent by people and programs: ASCII digits only, one parser for pages, API, exports.

`str.isdigit()` accepts "²" or "٣" and `int()` then fails or reads another number; a number of thousands of
digits costs `int()` a long time or raises. Both end as a 500 or, worse, as a look-alike id. Every integer
read from a request goes through here and fails with a French message the caller turns into a 400.
"""

from __future__ import annotations

import re

ASCII_DIGITS = re.compile(r"[0-9]+")
# The largest primary key the databases store (a signed 64-bit integer): 19 digits at most.
MAX_ID = 2**63 - 1
MAX_DIGITS = len(str(MAX_ID))


class ParameterError(ValueError):
    """A parameter a person or a program sent cannot be understood; the message says which and why."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def is_ascii_digits(value: str) -> bool:
    """Tell whether a text is made of ASCII digits 0-9 only (and is not empty)."""
    return ASCII_DIGITS.fullmatch(value) is not None


def _shown(value: str) -> str:
    """Return the beginning of a received value, printable, to quote it in a message."""
    return "".join(c if c.isprintable() else "�" for c in value[:20])


def parse_positive_int(value: str, *, field: str, maximum: int | None = None, clamp: bool = False) -> int:
    """Return a whole number of at least 1 written in ASCII digits; raise ParameterError otherwise.

    Beyond `maximum`, answer `maximum` when `clamp` (a page past the last one), or refuse.
    """
    text = value.strip()
    if not is_ascii_digits(text) or text.lstrip("0") == "":
        raise ParameterError(
            field,
            f"« {field} » doit être un nombre entier positif, en chiffres 0 à 9 (reçu : « {_shown(text)} »).",
        )
    digits = text.lstrip("0")
    too_big = len(digits) > MAX_DIGITS or (maximum is not None and int(digits) > maximum)
    if too_big:
        if clamp and maximum is not None:
            return maximum
        limit = maximum if maximum is not None else MAX_ID
        raise ParameterError(field, f"« {field} » ne peut dépasser {limit} (reçu : « {_shown(text)} »).")
    return int(digits)


def parse_int(value: str, *, field: str, minimum: int = 0, maximum: int) -> int:
    """Return a whole number between `minimum` and `maximum` written in ASCII digits; raise ParameterError."""
    text = value.strip()
    digits = (text.lstrip("0") or "0") if is_ascii_digits(text) else ""
    if not digits or len(digits) > MAX_DIGITS or not minimum <= int(digits) <= maximum:
        raise ParameterError(
            field, f"« {field} » est un nombre entier de {minimum} à {maximum} (reçu : « {_shown(text)} »)."
        )
    return int(digits)


def parse_id(value: str, *, field: str) -> int:
    """Return a record's number (1 to the databases' largest key) in ASCII digits; raise ParameterError."""
    return parse_positive_int(value, field=field, maximum=MAX_ID)


def id_or_none(value: str) -> int | None:
    """Return the record number a text stands for when it is one (ASCII digits, in range), else None.

    For references that are a slug or a number ("1789" may be either): anything else is a slug.
    """
    try:
        return parse_id(value, field="id")
    except ParameterError:
        return None


def page_number(value: str | None) -> int:
    """Return the page of a paginated list asked for, 1 when absent or not ASCII digits (Paginator.get_page
    then answers the last page beyond it): a list's page is a convenience, never worth an error page."""
    if not value:
        return 1
    try:
        return parse_positive_int(value, field="page", maximum=MAX_ID, clamp=True)
    except ParameterError:
        return 1
