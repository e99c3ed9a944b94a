"""The small number each indicator is stored under: one byte per value instead of its 20-byte key.

Numbers are never reused nor changed (stored snapshots hold them); a new indicator takes the next one.
`tests/observatory/test_storage.py` checks that every defined indicator has its number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

INDICATOR_CODES: dict[str, int] = {
    "structures_active": 1,
    "structures_per_10k": 2,
    "structures_by_ess_family": 3,
    "structures_by_discipline": 4,
    "structures_by_kind": 5,
    "structures_by_headcount_band": 6,
    "creations_by_year": 7,
    "closures_by_year": 8,
    "ess_share_cultural": 9,
    "networks_present": 10,
    "relations_per_structure": 11,
}
INDICATOR_KEYS = {code: key for key, code in INDICATOR_CODES.items()}
# What a lookup of an unknown key compares with: no stored value has it.
UNKNOWN = 0


def indicator_code(key: str) -> int:
    """Return the number an indicator's values are stored under (raw SQL takes it, the ORM converts)."""
    try:
        return INDICATOR_CODES[key]
    except KeyError:
        raise LookupError(
            f"Indicator {key!r} has no stored number: give it the next one in codes.py."
        ) from None


if TYPE_CHECKING:
    _SmallNumber = models.PositiveSmallIntegerField[str | int, str]
else:
    _SmallNumber = models.PositiveSmallIntegerField


class IndicatorKeyField(_SmallNumber):
    """An indicator's key in Python, its small number in the database."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        return None if value is None else INDICATOR_KEYS.get(value, str(value))

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        return INDICATOR_KEYS.get(int(value), str(value))

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, str):
            return INDICATOR_CODES.get(value, UNKNOWN)
        return super().get_prep_value(value)
