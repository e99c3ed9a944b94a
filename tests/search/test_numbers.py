"""Numbers are read as people in France type them, in ASCII digits only."""

from decimal import Decimal

import pytest

from maillage.search.numbers import parse_french_decimal


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("45000", Decimal("45000")),
        ("45 000", Decimal("45000")),
        ("45 000 €", Decimal("45000")),
        ("45\u00a0000\u00a0€", Decimal("45000")),
        ("45\u202f000,50", Decimal("45000.50")),
        ("45 000,50 €", Decimal("45000.50")),
        ("1.200.000", Decimal("1200000")),
        ("1.200,5", Decimal("1200.5")),
        ("3,5", Decimal("3.5")),
        ("3.5", Decimal("3.5")),
        ("120000 euros", Decimal("120000")),
        (" 12 ", Decimal("12")),
    ],
)
def test_french_numbers_are_read(typed: str, number: Decimal) -> None:
    assert parse_french_decimal(typed) == number


@pytest.mark.parametrize("typed", ["", "abc", "٣٠٠", "4²", "12,5,3", "1 2a", "€", "45 k€", "1e5", "NaN"])
def test_what_is_not_a_number_is_refused_in_french(typed: str) -> None:
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        parse_french_decimal(typed)
