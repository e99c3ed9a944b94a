"""SQL that draws values from a uniform number: weighted choices, list items, Luhn keys, dirty dates.

Helpers of the SIRENE generator; every value interpolated is a constant of the generator or a number.
"""

from __future__ import annotations

from maillage.imports.sirene import distributions as d
from maillage.imports.sirene.reader import quote


def lit(value: str) -> str:
    """Return a SQL literal, NULL for an empty string (INSEE's files leave empty fields empty)."""
    return "NULL" if value == "" else quote(value)


def integer_text(expression: str) -> str:
    """Return a number as text without decimals."""
    return f"CAST(CAST(floor({expression}) AS BIGINT) AS VARCHAR)"


def pick(r: str, pairs: tuple[tuple[str, float], ...]) -> str:
    """Return a CASE drawing one value of a weighted list with the uniform number r."""
    total = sum(w for _, w in pairs)
    cumulative = 0.0
    clauses = []
    for value, weight in pairs[:-1]:
        cumulative += weight / total
        clauses.append(f"WHEN {r} < {cumulative:.6f} THEN {lit(value)}")
    return f"(CASE {' '.join(clauses)} ELSE {lit(pairs[-1][0])} END)"


def one_of(r: str, values: tuple[str, ...]) -> str:
    """Return one value of a list, drawn uniformly with r."""
    items = ", ".join(quote(v) for v in values)
    return f"([{items}][1 + floor({r} * {len(values)})::INTEGER])"


def luhn_key(digits: str, length: int) -> str:
    """Return the SQL of the digit that makes `digits` (a string of `length` digits) Luhn-valid."""
    terms = []
    for i in range(length):
        digit = f"CAST(substr({digits}, {i + 1}, 1) AS INTEGER)"
        if (length - 1 - i) % 2 == 0:
            terms.append(f"(CASE WHEN {digit} > 4 THEN 2 * {digit} - 9 ELSE 2 * {digit} END)")
        else:
            terms.append(digit)
    return f"CAST((10 - ({' + '.join(terms)}) % 10) % 10 AS VARCHAR)"


def date_text(expression: str, r: str) -> str:
    """Return a date as INSEE writes it, a few of them invalid (day 32 to 39, as `2014-12-35`)."""
    return (
        f"(CASE WHEN {r} < {d.INVALID_DATE_SHARE} "
        f"THEN strftime({expression}, '%Y-%m-') "
        f"|| CAST(32 + CAST(floor({r} * 1e9) AS BIGINT) % 8 AS VARCHAR) "
        f"ELSE strftime({expression}, '%Y-%m-%d') END)"
    )
