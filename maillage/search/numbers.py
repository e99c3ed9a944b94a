"""Read numbers as people in France type them: "45 000 €", "45 000,50", "1.200", "3,5 k€" excluded."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Spaces people put between thousands: ordinary, no-break (U+00A0), narrow no-break (U+202F), thin.
GROUP_SPACES = re.compile(r"[ \u00a0\u202f\u2009]")
CURRENCY = re.compile(r"(€|eur(os?)?)$", re.IGNORECASE)
# "1.200.000": dots grouping thousands, as some spreadsheets write them.
DOTTED_THOUSANDS = re.compile(r"^-?[0-9]{1,3}(\.[0-9]{3})+$")
PLAIN_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def parse_french_decimal(text: str) -> Decimal:
    """Return the number written in `text`; raise ValueError (in French) when it is not one."""
    value = GROUP_SPACES.sub("", text.strip())
    value = CURRENCY.sub("", value)
    if "," in value:
        # A comma is the decimal mark; dots before it group thousands ("1.200,50").
        whole, _, decimals = value.partition(",")
        value = f"{whole.replace('.', '')}.{decimals}"
    elif DOTTED_THOUSANDS.match(value):
        value = value.replace(".", "")
    # ASCII digits only: int() and Decimal() would accept other scripts' digits ("٣", "²" is refused).
    if not PLAIN_NUMBER.match(value):
        raise ValueError(
            f"« {text.strip()[:40]} » n'est pas un nombre : écrivez par exemple 45 000 ou 45 000,50."
        )
    try:
        return Decimal(value)
    except InvalidOperation as error:  # pragma: no cover - the pattern above admits only valid decimals
        raise ValueError(f"« {text.strip()[:40]} » n'est pas un nombre.") from error
