"""The cultural NAF codes and their labels, checked against INSEE's NAF rév. 2 file."""

import pytest

from maillage.structures.naf import (
    CULTURAL_NAF_LABELS,
    NAF_LABELS,
    is_cultural_naf,
    naf_label,
    normalize_naf_code,
)
from tests.fixture_files import read_fixture_csv

SUB_CLASSES = {row["code"]: row["libelle"] for row in read_fixture_csv("naf-rev2/naf_rev2_sous_classes.csv")}

# The cultural activities listed by the domain guide (DOMAIN.md, "Cultural activities").
DOMAIN_CULTURAL_CODES = [
    *("90.01Z", "90.02Z", "90.03A", "90.03B", "90.04Z"),
    *("59.11A", "59.11B", "59.11C", "59.12Z", "59.13A", "59.13B", "59.14Z", "59.20Z"),
    *("91.01Z", "91.02Z", "91.03Z", "85.52Z", "58.11Z", "58.12Z", "58.13Z", "58.14Z", "74.10Z", "93.29Z"),
]


def test_the_reference_file_holds_every_sub_class() -> None:
    assert len(SUB_CLASSES) == 732


def test_every_label_is_insee_s() -> None:
    assert {code: SUB_CLASSES.get(code) for code in NAF_LABELS} == NAF_LABELS


def test_every_cultural_activity_of_the_domain_guide_is_listed() -> None:
    assert sorted(CULTURAL_NAF_LABELS) == sorted(DOMAIN_CULTURAL_CODES)


def test_zoos_and_other_membership_organisations_are_named_but_not_cultural() -> None:
    assert naf_label("94.99Z") == "Autres organisations fonctionnant par adhésion volontaire"
    assert not is_cultural_naf("94.99Z")
    assert not is_cultural_naf("91.04Z")
    assert is_cultural_naf("90.01Z")


@pytest.mark.parametrize("raw", ["9001Z", "90.01z", " 90.01Z ", "90 01Z"])
def test_codes_written_without_dot_or_in_lower_case_are_understood(raw: str) -> None:
    assert normalize_naf_code(raw) == "90.01Z"
    assert naf_label(raw) == "Arts du spectacle vivant"


def test_a_code_not_listed_has_no_label() -> None:
    assert naf_label("47.11F") == ""
