"""A discipline or text search within a département lists the same structures whichever side is read
first; on PostgreSQL it reads the département's structures first (its communes given as a list), not the
discipline's structures of all France or the whole territory closure."""

import pytest
from django.db import connection

from maillage.structures import search_filters
from maillage.structures.models import Discipline
from maillage.structures.search import parse_filters, search_page, structure_facets
from maillage.structures.search_filters import filter_structures
from maillage.structures.services import structure_create
from maillage.territories.models import Territory

pytestmark = pytest.mark.usefixtures("loire_rhone")


@pytest.fixture
def companies(loire_rhone: None) -> None:
    """Build theatre and dance companies in the Loire and the Rhône, and a choir in the Loire."""
    theatre = Discipline.objects.get(slug="theatre")
    dance = Discipline.objects.get(slug="danse")
    choir = Discipline.objects.get(slug="musique")
    saint_etienne, roanne, lyon = (
        Territory.objects.get(id=i) for i in ("COM-42218", "COM-42187", "COM-69123")
    )
    structure_create(name="Théâtre du Verso", commune=saint_etienne, disciplines=[theatre])
    structure_create(name="Compagnie Halte", commune=roanne, disciplines=[dance, theatre])
    structure_create(name="Ballet de Lyon", commune=lyon, disciplines=[dance])
    structure_create(name="Les Célestins", commune=lyon, disciplines=[theatre])
    structure_create(name="Chœur de Roanne", commune=roanne, disciplines=[choir])


def _names(params: dict[str, str]) -> list[str]:
    filters = parse_filters(params)
    facets = structure_facets(filters, capped=True)
    return [s.name for s in search_page(filters, total=facets.total, more=facets.capped).items]


@pytest.mark.usefixtures("companies")
def test_a_discipline_in_a_departement_lists_its_structures_only(monkeypatch: pytest.MonkeyPatch) -> None:
    live = {"discipline": "spectacle-vivant", "territoire": "DEP-42"}
    assert _names(live) == ["Compagnie Halte", "Théâtre du Verso"]
    assert _names({"discipline": "danse", "territoire": "DEP-69", "tri": "-nom"}) == ["Ballet de Lyon"]
    assert _names({"discipline": "spectacle-vivant", "territoire": "REG-84"}) == [
        "Ballet de Lyon",
        "Compagnie Halte",
        "Les Célestins",
        "Théâtre du Verso",
    ]

    monkeypatch.setattr(search_filters, "TERRITORY_FIRST_ON_POSTGRES", False)
    assert _names(live) == ["Compagnie Halte", "Théâtre du Verso"]


@pytest.mark.usefixtures("companies")
def test_a_text_search_in_a_departement_lists_its_structures_only(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _names({"q": "compagnie", "territoire": "DEP-42"}) == ["Compagnie Halte"]
    assert _names({"q": "verso", "territoire": "DEP-42"}) == ["Théâtre du Verso"]
    assert _names({"q": "ballet", "territoire": "COM-69123"}) == ["Ballet de Lyon"]
    assert _names({"q": "ballet", "territoire": "DEP-42"}) == []

    monkeypatch.setattr(search_filters, "TEXT_TERRITORY_FIRST_ON_POSTGRES", False)
    assert _names({"q": "compagnie", "territoire": "DEP-42"}) == ["Compagnie Halte"]


def test_only_a_departement_or_smaller_is_read_first_and_only_on_postgresql() -> None:
    def statement(params: dict[str, str]) -> str:
        return str(filter_structures(parse_filters(params)).query)

    in_departement = statement({"discipline": "theatre", "territoire": "DEP-42"})
    in_region = statement({"discipline": "theatre", "territoire": "REG-84"})
    without_discipline = statement({"territoire": "DEP-42"})
    text_in_departement = statement({"q": "compagnie", "territoire": "DEP-42"})
    text_in_region = statement({"q": "compagnie", "territoire": "REG-84"})

    assert ("= ANY(ARRAY(" in in_departement) is (connection.vendor == "postgresql")
    assert ("= ANY(ARRAY(" in text_in_departement) is (connection.vendor == "postgresql")
    assert "= ANY(ARRAY(" not in in_region
    assert "= ANY(ARRAY(" not in text_in_region
    assert "= ANY(ARRAY(" not in without_discipline
