"""Cleaning the cells of networks' files: what spreadsheets do to identifiers, codes, addresses, contacts."""

import datetime

import pytest

from maillage.imports.networks import values
from maillage.structures.enums import DatePrecision
from tests.structures.factories import luhn_complete

SIREN = luhn_complete("01675069")  # starts with 0, as many associations' SIREN do
SIRET = luhn_complete(SIREN + "0005")


def test_a_siret_typed_with_spaces_is_compacted() -> None:
    spaced = f"{SIRET[:3]} {SIRET[3:6]} {SIRET[6:9]} {SIRET[9:]}"

    assert values.identifier(spaced, 14) == (SIRET, [])


def test_a_siret_that_lost_its_leading_zero_in_a_spreadsheet_gets_it_back() -> None:
    value, notes = values.identifier(SIRET[1:], 14)
    two_zeros = luhn_complete(luhn_complete("00450120") + "0003")

    assert value == SIRET
    assert "zéros initiaux rétablis" in notes[0]
    assert values.identifier(two_zeros[2:], 14)[0] == two_zeros
    assert values.identifier(SIREN[1:], 9)[0] == SIREN


def test_a_siret_written_as_an_exact_float_is_repaired() -> None:
    siret = luhn_complete(luhn_complete("12345678") + "0001")
    scientific = f"{siret[0]}.{siret[1:]}E13"

    assert values.identifier(scientific, 14)[0] == siret
    assert values.identifier(f"{siret}.0", 14)[0] == siret


def test_a_siret_rounded_by_a_spreadsheet_is_rejected() -> None:
    with pytest.raises(values.CellError, match="des chiffres sont perdus"):
        values.identifier("1,23457E+13", 14)


def test_a_siret_whose_key_is_wrong_is_rejected() -> None:
    wrong = SIRET[:-1] + str((int(SIRET[-1]) + 1) % 10)

    with pytest.raises(values.CellError, match="clé de contrôle"):
        values.identifier(wrong, 14)


def test_la_poste_establishments_follow_their_own_key() -> None:
    assert values.identifier("35600000000048", 14)[0] == "35600000000048"
    assert values.identifier("35600000049837", 14)[0] == "35600000049837"


@pytest.mark.parametrize(
    ("raw", "expected", "fixed"),
    [
        ("42000", "42000", False),
        ("29600.0", "29600", True),
        ("7400.0", "07400", True),
        ("1000", "01000", True),
    ],
)
def test_postal_codes_are_repaired(raw: str, expected: str, fixed: bool) -> None:
    value, notes = values.postal_code(raw)

    assert value == expected
    assert bool(notes) == fixed


def test_an_unreadable_postal_code_is_dropped_and_said() -> None:
    assert values.postal_code("CEDEX")[0] == ""
    assert "illisible" in values.postal_code("CEDEX")[1][0]


def test_a_website_without_scheme_gets_https() -> None:
    assert values.website("www.le-fil.com") == (
        "https://www.le-fil.com",
        ["site web « www.le-fil.com » complété en https://www.le-fil.com"],
    )
    assert values.website("http://lefil.org/") == ("http://lefil.org/", [])
    assert values.website("pas un site")[0] == ""


@pytest.mark.parametrize(
    ("address", "name"),
    [
        ("contact@le-fil.com", "Le Fil"),
        ("info@lacomedie.fr", "La Comédie"),
        ("billetterie2@festival.fr", "Festival"),
        ("lefil@gmail.com", "Le Fil"),
        ("labomedia@orange.fr", "La Labomedia"),
        ("cocoba@cocoba.work", "Cocoba"),
    ],
)
def test_an_organisation_s_generic_address_is_kept(address: str, name: str) -> None:
    assert values.email(address, name) == (address, [])


@pytest.mark.parametrize(
    "address", ["anne.martin@le-fil.com", "a-martin@gmail.com", "jmartin@orange.fr", "anne@le-fil.com"]
)
def test_a_person_s_address_is_never_imported(address: str) -> None:
    value, notes = values.email(address, "Le Fil")

    assert value == ""
    assert "donnée personnelle" in notes[0]


def test_of_several_addresses_the_generic_one_is_kept() -> None:
    value, notes = values.email("anne.martin@le-fil.com; contact@le-fil.com", "Le Fil")

    assert value == "contact@le-fil.com"
    assert "adresse nominative" in notes[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("04 77 12 34 56", "04 77 12 34 56"),
        ("0477123456", "04 77 12 34 56"),
        ("477123456", "04 77 12 34 56"),
        ("+33 4 77 12 34 56", "04 77 12 34 56"),
        ("04.77.12.34.56", "04 77 12 34 56"),
        ("+32 2 123 45 67", "+3221234567"),
        ("12", ""),
    ],
)
def test_phone_numbers_are_normalised(raw: str, expected: str) -> None:
    assert values.phone(raw)[0] == expected


@pytest.mark.parametrize(
    ("raw", "expected", "precision"),
    [
        ("2015-12-29", datetime.date(2015, 12, 29), DatePrecision.DAY),
        ("29/12/2015", datetime.date(2015, 12, 29), DatePrecision.DAY),
        ("10/2010", datetime.date(2010, 10, 1), DatePrecision.MONTH),
        ("1998", datetime.date(1998, 1, 1), DatePrecision.YEAR),
        ("0001-01-01", None, DatePrecision.DAY),
        ("2024-10-22 10:08:36", datetime.date(2024, 10, 22), DatePrecision.DAY),
    ],
)
def test_dates_are_read_with_their_precision(
    raw: str, expected: datetime.date | None, precision: DatePrecision
) -> None:
    assert values.date(raw, "date")[:2] == (expected, precision)


def test_an_impossible_date_is_dropped_and_said() -> None:
    assert values.date("2014-12-35", "date de création") == (
        None,
        DatePrecision.DAY,
        ["date de création « 2014-12-35 » illisible : ignorée"],
    )


def test_html_entities_left_by_an_export_are_decoded() -> None:
    assert values.text("Escale &amp; CO (L')")[0] == "Escale & CO (L')"


def test_coordinates_in_one_cell_are_split() -> None:
    assert values.coordinates("45,4397, 4,3872") == ((45.4397, 4.3872), [])
    assert values.coordinates("45.4397; 4.3872") == ((45.4397, 4.3872), [])
    assert values.coordinates("quelque part")[0] is None
