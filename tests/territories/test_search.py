"""Territory search as people type it: names without accents, postal codes, INSEE codes, EPCI."""

import pytest

from maillage.territories.search import search_territories

pytestmark = pytest.mark.usefixtures("loire_rhone")


def ids(query: str, limit: int = 10) -> list[str]:
    return [t.id for t in search_territories(query, limit=limit)]


@pytest.mark.parametrize(
    "query", ["saint etienne", "Saint-Étienne", "SAINT ÉTIENNE", "st etienne", "saint-etienne"]
)
def test_saint_etienne_comes_first_however_it_is_typed(query: str) -> None:
    assert ids(query)[0] == "COM-42218"


def test_prefixes_match_while_typing() -> None:
    assert "COM-42218" in ids("saint eti")


def test_postal_code_finds_the_commune() -> None:
    assert ids("42000") == ["COM-42218"]


def test_insee_code_finds_the_commune() -> None:
    assert ids("42218")[0] == "COM-42218"


def test_former_commune_code_finds_the_commune_that_absorbed_it() -> None:
    assert ids("42309") == ["COM-42218"]  # Terrenoire, merged into Saint-Étienne in 1970


def test_arrondissement_code_finds_lyon_then_the_arrondissement() -> None:
    assert ids("69381")[:2] == ["COM-69123", "COM-69381"]


def test_epci_is_found_by_name_and_by_siren() -> None:
    assert ids("saint etienne metropole")[0] == "EPCI-244200770"
    assert ids("244200770") == ["EPCI-244200770"]


def test_departement_is_found_by_name_and_code() -> None:
    assert ids("loire")[0] == "DEP-42"
    assert ids("42")[0] == "DEP-42"


def test_nothing_matches_nonsense_or_empty_queries() -> None:
    assert ids("zzzzqqq") == []
    assert ids("") == []
    assert ids("   ") == []
    assert ids("%_'\"") == []


def test_limit_is_bounded() -> None:
    assert len(ids("saint", limit=1000)) == 50
