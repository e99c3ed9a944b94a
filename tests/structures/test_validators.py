"""SIREN and SIRET checks: Luhn keys, La Poste's exception, messages a person can act on."""

import pytest
from django.core.exceptions import ValidationError

from maillage.structures.validators import luhn_is_valid, validate_siren, validate_siret
from tests.structures.factories import fake_siret

# Real head-office SIRETs of two units of INSEE's stock file (tests/fixtures/sirene-format, 2025-12 sample).
REAL_SIRETS = ["01675069700050", "05450175400011"]


@pytest.mark.parametrize("siret", REAL_SIRETS)
def test_real_sirets_are_accepted(siret: str) -> None:
    validate_siret(siret)
    validate_siren(siret[:9])


def test_generated_sirets_are_accepted() -> None:
    for _ in range(50):
        validate_siret(fake_siret())


@pytest.mark.parametrize(
    ("siret", "code"),
    [
        ("01675069700051", "siret_checksum"),  # last digit changed
        ("01675069700005", "siret_checksum"),  # two digits swapped
        ("0167506970005", "siret_format"),  # 13 digits
        ("016750697000500", "siret_format"),  # 15 digits
        ("016 750 697 00050", "siret_format"),  # spaces are the services' business, not the validator's
        ("0167506970005A", "siret_format"),
        ("01675069800009", "siret_siren_checksum"),  # Luhn-valid as a whole, but not its SIREN
    ],
)
def test_wrong_sirets_are_refused_with_the_reason(siret: str, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_siret(siret)

    assert refused.value.code == code
    assert siret in refused.value.messages[0]


def test_the_siren_of_the_last_case_is_wrong_but_the_siret_key_right() -> None:
    assert luhn_is_valid("01675069800009")
    assert not luhn_is_valid("016750698")


def test_la_poste_establishments_follow_the_multiple_of_5_rule() -> None:
    # 3+5+6+1 = 15: a multiple of 5, though the Luhn key is wrong.
    assert not luhn_is_valid("35600000000001")
    validate_siret("35600000000001")
    # 3+5+6+1+2 = 17 and 3+5+6+1+4 = 19 are not: refused, even when the Luhn key happens to be right.
    assert luhn_is_valid("35600000000014")
    for siret in ("35600000000012", "35600000000014"):
        with pytest.raises(ValidationError):
            validate_siret(siret)


def test_la_poste_head_office_keeps_its_luhn_key() -> None:
    # 35600000000048: digit sum 26, not a multiple of 5; valid by its Luhn key, as INSEE lists it.
    assert sum(int(c) for c in "35600000000048") == 26
    assert luhn_is_valid("35600000000048")
    validate_siret("35600000000048")


@pytest.mark.parametrize("siren", ["016750697", "054501754", "356000000"])
def test_real_sirens_are_accepted(siren: str) -> None:
    validate_siren(siren)


@pytest.mark.parametrize(
    ("siren", "message"),
    [
        ("016750698", "clé de contrôle"),
        ("01675069", "exactement 9 chiffres"),
        ("01675069A", "exactement 9 chiffres"),
    ],
)
def test_wrong_sirens_are_refused_in_french(siren: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        validate_siren(siren)
