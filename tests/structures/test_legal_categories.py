"""Legal category → ESS family, checked against INSEE's real list of level-III legal categories."""

import pytest

from maillage.structures.enums import EssFamily
from maillage.structures.legal_categories import (
    COOPERATIVE_CODES,
    LEGAL_CATEGORY_LABELS,
    ess_family_for,
    ess_family_resolve,
    is_ess_for,
)
from tests.fixture_files import read_fixture_csv

CATEGORIES = read_fixture_csv("categories-juridiques/categories_juridiques_niveau3_hierarchie.csv")


def expected_family(row: dict[str, str], sirene_ess_flag: bool | None) -> EssFamily:
    """Apply DOMAIN.md's rules to INSEE's labels, independently of the product's code lists."""
    code, level_two = row["code_niveau_iii"], row["code_niveau_ii"]
    labels = f"{row['libelle_niveau_iii']} | {row['libelle_niveau_ii']}".lower()
    if level_two == "92" and code != "9224":
        return EssFamily.ASSOCIATION
    if level_two == "93":
        return EssFamily.FONDATION
    if level_two == "82" or code == "6411":
        return EssFamily.MUTUELLE
    if "coopérative" in labels:
        return EssFamily.COOPERATIVE_SCOP if "(scop)" in labels else EssFamily.COOPERATIVE_OTHER
    return EssFamily.ESUS_COMPANY if sirene_ess_flag else EssFamily.OTHER


def test_the_reference_file_is_the_full_level_three_list() -> None:
    assert len(CATEGORIES) == 260


@pytest.mark.parametrize("sirene_ess_flag", [None, False, True])
def test_every_insee_category_gets_the_family_domain_rules_give(sirene_ess_flag: bool | None) -> None:
    wrong = {}
    for row in CATEGORIES:
        got, expected = (
            ess_family_for(row["code_niveau_iii"], sirene_ess_flag),
            expected_family(row, sirene_ess_flag),
        )
        if got != expected:
            wrong[row["code_niveau_iii"]] = (got, expected)

    assert wrong == {}


def test_cooperative_codes_are_exactly_insee_cooperatives() -> None:
    from_file = {
        row["code_niveau_iii"]
        for row in CATEGORIES
        if "coopérative" in f"{row['libelle_niveau_iii']} {row['libelle_niveau_ii']}".lower()
    }

    assert from_file == COOPERATIVE_CODES
    assert len(COOPERATIVE_CODES) == 45


def test_cooperation_is_not_a_cooperative() -> None:
    """A "coopération" body (public or health cooperation) matches "coopérati" but is no cooperative."""
    for code in ("7349", "7470", "9970"):
        assert ess_family_for(code, None) == EssFamily.OTHER


@pytest.mark.parametrize(
    ("code", "family"),
    [
        *(
            (code, EssFamily.ASSOCIATION)
            for code in ("9210", "9220", "9221", "9222", "9223", "9230", "9240", "9260")
        ),
        *((code, EssFamily.COOPERATIVE_SCOP) for code in ("5458", "5558", "5658")),
        *((code, EssFamily.COOPERATIVE_OTHER) for code in ("5460", "5560", "5660", "5191", "6317", "6560")),
        ("9300", EssFamily.FONDATION),
        ("8210", EssFamily.MUTUELLE),
        ("6411", EssFamily.MUTUELLE),
        ("9224", EssFamily.OTHER),
        ("5710", EssFamily.OTHER),
    ],
)
def test_families_named_in_the_domain_guide(code: str, family: EssFamily) -> None:
    assert ess_family_for(code, None) == family


def test_a_company_belongs_to_the_ess_only_when_sirene_says_so() -> None:
    assert ess_family_for("5710", True) == EssFamily.ESUS_COMPANY
    assert ess_family_for("5710", False) == EssFamily.OTHER
    assert ess_family_for("5710", None) == EssFamily.OTHER
    # The flag says whether, the legal form says what: an association flagged by SIRENE stays an association.
    assert ess_family_for("9220", True) == EssFamily.ASSOCIATION


@pytest.mark.parametrize("code", ["", "  ", "92", "922", "92200", "abcd"])
def test_a_missing_or_malformed_code_leaves_the_family_unknown(code: str) -> None:
    assert ess_family_for(code, True) == EssFamily.UNKNOWN


def test_every_transcribed_label_is_insee_s() -> None:
    labels = {row["code_niveau_iii"]: row["libelle_niveau_iii"] for row in CATEGORIES}

    assert {code: labels.get(code) for code in LEGAL_CATEGORY_LABELS} == LEGAL_CATEGORY_LABELS


def test_every_category_of_an_ess_family_has_its_label() -> None:
    missing = [
        row["code_niveau_iii"]
        for row in CATEGORIES
        if expected_family(row, None) != EssFamily.OTHER
        and row["code_niveau_iii"] not in LEGAL_CATEGORY_LABELS
    ]

    assert missing == []


def test_a_declared_scic_or_cae_refines_what_insee_cannot_tell() -> None:
    assert (
        ess_family_resolve(
            legal_category_code="5560", sirene_ess_flag=None, declared=EssFamily.COOPERATIVE_SCIC
        )
        == EssFamily.COOPERATIVE_SCIC
    )
    assert (
        ess_family_resolve(
            legal_category_code="5710", sirene_ess_flag=True, declared=EssFamily.COOPERATIVE_CAE
        )
        == EssFamily.COOPERATIVE_CAE
    )


def test_the_legal_category_wins_over_a_contradicting_declaration() -> None:
    assert (
        ess_family_resolve(
            legal_category_code="9220", sirene_ess_flag=None, declared=EssFamily.COOPERATIVE_SCIC
        )
        == EssFamily.ASSOCIATION
    )
    assert (
        ess_family_resolve(legal_category_code="5710", sirene_ess_flag=None, declared=EssFamily.ASSOCIATION)
        == EssFamily.OTHER
    )


def test_a_declaration_stands_when_no_legal_category_is_known() -> None:
    assert (
        ess_family_resolve(legal_category_code="", sirene_ess_flag=None, declared=EssFamily.ASSOCIATION)
        == EssFamily.ASSOCIATION
    )
    assert (
        ess_family_resolve(legal_category_code="9300", sirene_ess_flag=None, declared=EssFamily.UNKNOWN)
        == EssFamily.FONDATION
    )


def test_ess_membership_follows_sirene_then_the_legal_form() -> None:
    assert is_ess_for(EssFamily.ASSOCIATION, None) is True
    assert is_ess_for(EssFamily.COOPERATIVE_SCIC, None) is True
    assert is_ess_for(EssFamily.OTHER, None) is None
    assert is_ess_for(EssFamily.UNKNOWN, None) is None
    assert is_ess_for(EssFamily.ESUS_COMPANY, True) is True
    assert is_ess_for(EssFamily.ASSOCIATION, False) is False
