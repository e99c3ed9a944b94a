"""SIRET and SIREN are ASCII digits: a look-alike in other digits never sits beside the real number."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from maillage.search.params import ParameterError, id_or_none, page_number, parse_int, parse_positive_int
from maillage.structures.validators import validate_siren, validate_siret

SIRET = "35600000000048"  # La Poste's head office: a valid key
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + n) for n in range(10)))


@pytest.mark.parametrize("table", [ARABIC_INDIC, FULLWIDTH])
def test_a_siret_or_siren_in_other_digits_is_refused(table: dict[int, str]) -> None:
    """The same number written in Arabic-Indic or full-width digits is not a SIRET."""
    validate_siret(SIRET)
    validate_siren(SIRET[:9])
    with pytest.raises(ValidationError, match="14 chiffres de 0 à 9"):
        validate_siret(SIRET.translate(table))
    with pytest.raises(ValidationError, match="9 chiffres"):
        validate_siren(SIRET[:9].translate(table))


@pytest.mark.django_db
def test_the_claim_page_refuses_a_look_alike_siret_in_french() -> None:
    """Typed on the page that claims or creates a record, the look-alike gets a 400 and the reason."""
    response = Client().get("/contribuer/", {"siret": SIRET.translate(ARABIC_INDIC)})
    assert response.status_code == 400
    assert "14 chiffres de 0 à 9" in response.content.decode()


@pytest.mark.parametrize(
    "value", ["²", "1²", "٣", "١٢", "\U0001d7d7", "-1", "0", "", " ", "1e3", "1.0", "x" * 3000]
)
def test_integers_are_ascii_digits_only(value: str) -> None:
    """One parser for every integer a request carries: anything but 0-9 is refused in French."""
    with pytest.raises(ParameterError, match="« page »"):
        parse_positive_int(value, field="page")
    assert id_or_none(value) is None


def test_the_parser_reads_ascii_numbers_and_bounds_them() -> None:
    """Leading zeros and spaces around are fine; beyond the maximum is clamped or refused, as asked."""
    assert parse_positive_int(" 007 ", field="page") == 7
    assert parse_positive_int("5000", field="page", maximum=100, clamp=True) == 100
    assert parse_positive_int("9" * 5000, field="page", maximum=100, clamp=True) == 100
    with pytest.raises(ParameterError, match="ne peut dépasser 100"):
        parse_positive_int("101", field="taille", maximum=100)
    assert parse_int("0", field="zoom", maximum=18) == 0
    with pytest.raises(ParameterError, match="de 0 à 18"):
        parse_int("19", field="zoom", maximum=18)
    assert id_or_none("9223372036854775807") == 2**63 - 1
    assert id_or_none("9223372036854775808") is None


def test_a_list_page_in_other_digits_is_the_first_page() -> None:
    """ "?page=٣" is not page 3 of a paginated list: it is no page number, so the first page shows."""
    assert page_number("3") == 3
    assert page_number("٣") == 1
    assert page_number("²") == 1
    assert page_number(None) == 1
    assert page_number("9" * 5000) == 2**63 - 1


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["٣", "²", "0", "1e3"])
def test_an_api_integer_in_other_digits_is_a_400_in_french(value: str) -> None:
    """The territories' `limit` is refused in French, naming the parameter, whatever the non-ASCII digit."""
    response = Client().get("/api/v1/territoires", {"q": "Loire", "limit": value})
    assert response.status_code == 400
    assert response.json()["parametre"] == "limit"
    assert response.json()["detail"].startswith("Paramètre « limit » invalide : ")
