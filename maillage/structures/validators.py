"""Checks of the French company identifiers: SIREN (9 digits) and SIRET (SIREN + 5-digit NIC)."""

import re

from django.core.exceptions import ValidationError

from maillage.search.params import is_ascii_digits

LA_POSTE_SIREN = "356000000"
# La Poste numbers its establishments outside the Luhn key (the sum of the digits is a multiple of 5
# instead); its head office alone keeps a Luhn key and a digit sum of 26.
LA_POSTE_HEAD_OFFICE_SIRET = "35600000000048"


_SEPARATORS = re.compile(r"[\s.\-]")


def compact_identifier(value: str) -> str:
    """Return a SIREN or SIRET without the spaces, dots and dashes people type in it."""
    return _SEPARATORS.sub("", value)


def luhn_is_valid(number: str) -> bool:
    """Tell whether a string of digits carries a valid Luhn key."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_siren(value: str) -> None:
    """Reject anything but 9 digits carrying a valid Luhn key."""
    # ASCII digits only: "٣" passes isdigit(), and a look-alike SIREN could sit beside the real one.
    if len(value) != 9 or not is_ascii_digits(value):
        raise ValidationError(
            "Le SIREN « %(value)s » doit compter exactement 9 chiffres (de 0 à 9).",
            code="siren_format",
            params={"value": value},
        )
    if not luhn_is_valid(value):
        raise ValidationError(
            "Le SIREN « %(value)s » n'est pas valide : sa clé de contrôle ne correspond pas. "
            "Vérifiez qu'aucun chiffre n'a été inversé ou oublié.",
            code="siren_checksum",
            params={"value": value},
        )


def validate_siret(value: str) -> None:
    """Reject anything but 14 digits whose key is valid (Luhn, or La Poste's multiple-of-5 rule)."""
    if len(value) != 14 or not is_ascii_digits(value):
        raise ValidationError(
            "Le SIRET « %(value)s » doit compter exactement 14 chiffres de 0 à 9 "
            "(SIREN à 9 chiffres + NIC à 5).",
            code="siret_format",
            params={"value": value},
        )
    if not luhn_is_valid(value[:9]):
        raise ValidationError(
            "Le SIRET « %(value)s » n'est pas valide : ses 9 premiers chiffres ne forment pas un SIREN "
            "valide.",
            code="siret_siren_checksum",
            params={"value": value},
        )
    if value.startswith(LA_POSTE_SIREN) and value != LA_POSTE_HEAD_OFFICE_SIRET:
        valid = sum(int(c) for c in value) % 5 == 0
    else:
        valid = luhn_is_valid(value)
    if not valid:
        raise ValidationError(
            "Le SIRET « %(value)s » n'est pas valide : sa clé de contrôle ne correspond pas. "
            "Vérifiez qu'aucun chiffre n'a été inversé ou oublié.",
            code="siret_checksum",
            params={"value": value},
        )
