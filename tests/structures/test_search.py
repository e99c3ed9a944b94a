"""The directory's search core: French full text, territory at any level, networks, facets, bad filters."""

import pytest
from django.core.management import call_command

from maillage.structures.enums import StructureKind
from maillage.structures.models import Discipline, Structure
from maillage.structures.search import (
    FilterError,
    parse_filters,
    search_page,
    structure_facets,
)
from maillage.structures.services import structure_create, structure_update
from maillage.territories.enums import ProjectKind
from maillage.territories.models import Territory
from maillage.territories.services import project_territory_save

pytestmark = pytest.mark.usefixtures("loire_rhone")


@pytest.fixture
def reference() -> None:
    call_command("load_reference_data", verbosity=0)


def names(**params: object) -> list[str]:
    return [s.name for s in search_page(parse_filters(params)).items]


def test_culture_et_cooperation_ranks_first(reference: None) -> None:
    assert names(q="culture et cooperation")[0] == "Culture et Coopération"
    assert names(q="Culture et Coopération")[0] == "Culture et Coopération"


def test_search_is_stemmed_accent_insensitive_and_matches_prefixes() -> None:
    saint_etienne = Territory.objects.get(id="COM-42218")
    structure_create(name="Théâtre du Parc", commune=saint_etienne)
    structure_create(name="Les Coopératives réunies", commune=saint_etienne)

    assert names(q="theatres") == ["Théâtre du Parc"]
    assert names(q="THEATRE") == ["Théâtre du Parc"]
    assert names(q="coopera") == ["Les Coopératives réunies"]
    assert names(q="theatre saint etienne") == ["Théâtre du Parc"]
    assert names(q="opera") == []


@pytest.mark.parametrize("territory_id", ["COM-42218", "EPCI-244200770", "DEP-42", "REG-84", "PAYS-99100"])
def test_a_structure_in_saint_etienne_is_found_under_every_level(reference: None, territory_id: str) -> None:
    assert "Culture et Coopération" in names(territoire=territory_id)


def test_a_structure_in_saint_etienne_is_found_under_a_project_territory(reference: None) -> None:
    project_territory_save(name="Sud Loire", kind=ProjectKind.PAYS, commune_ids=["COM-42218", "COM-42207"])

    assert names(territoire="TER-sud-loire") == ["Culture et Coopération"]


def test_a_structure_elsewhere_is_not_found(reference: None) -> None:
    assert names(territoire="DEP-69") == []
    assert "Culture et Coopération" not in names(territoire="COM-42207")


def test_network_filter_lists_its_members(reference: None) -> None:
    members = names(reseau="culture-et-cooperation", taille="100")

    assert len(members) == 8
    assert "Le Fil" in members
    assert "Culture et Coopération" not in members


def test_facets_count_what_the_filters_keep(reference: None) -> None:
    facets = structure_facets(parse_filters({"reseau": "culture-et-cooperation"}))

    assert facets.total == 8
    assert [(n.value, n.count, n.selected) for n in facets.networks] == [("culture-et-cooperation", 8, True)]
    assert sum(f.count for f in facets.kinds) == 8


def test_territory_facet_goes_one_level_down(reference: None) -> None:
    facets = structure_facets(parse_filters({"territoire": "DEP-42"}))

    assert facets.territory_level == "Intercommunalité (EPCI)"
    assert [(t.value, t.count) for t in facets.territories] == [("EPCI-244200770", 1)]


def test_disciplines_include_their_sub_disciplines() -> None:
    live = Discipline.objects.get(slug="spectacle-vivant")
    theatre = Discipline.objects.filter(parent=live).first()
    assert theatre is not None
    structure_create(name="Compagnie des Trois Pommes", disciplines=[theatre])

    assert names(discipline=live.slug) == ["Compagnie des Trois Pommes"]
    facets = structure_facets(parse_filters({}))
    assert (theatre.slug, 1) in [(d.value, d.count) for d in facets.disciplines]


def test_closed_structures_are_kept_but_listed_only_on_request() -> None:
    closed = structure_create(name="Ancien Café-lecture", kind=StructureKind.CULTURAL)
    structure_update(structure=closed, closed_on="2020-06-30")

    assert names() == []
    assert names(etat="ferme") == ["Ancien Café-lecture"]
    assert names(etat="tous") == ["Ancien Café-lecture"]
    assert Structure.objects.filter(name="Ancien Café-lecture", is_active=False).exists()


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"territoire": "DEP-999"}, "territoire"),
        ({"discipline": "jonglage-sous-marin"}, "discipline"),
        ({"famille": "secte"}, "famille"),
        ({"type": "x"}, "type"),
        ({"reseau": "inconnu"}, "reseau"),
        ({"ess": "peut-etre"}, "ess"),
        ({"etat": "zombie"}, "etat"),
        ({"tri": "hasard"}, "tri"),
        ({"page": "-1"}, "page"),
        ({"taille": "abc"}, "taille"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_filters_are_refused_with_the_parameter_named(params: dict[str, str], parameter: str) -> None:
    with pytest.raises(FilterError) as error:
        parse_filters(params)

    assert error.value.parameter == parameter
    assert error.value.message


def test_huge_page_numbers_give_an_empty_page_with_the_total(reference: None) -> None:
    page = search_page(parse_filters({"page": "99999999"}))

    assert page.items == []
    assert page.total == 31


def test_markup_in_queries_is_only_text(reference: None) -> None:
    assert names(q="<script>alert(1)</script>") == []
    # FTS syntax is folded away: this is the word "or" typed as a prefix, not an operator.
    assert names(q='"*) OR (') == names(q="or")


def test_the_full_text_index_survives_every_migration_of_the_table() -> None:
    # On SQLite, a migration that remakes structures_structure drops the triggers feeding FTS5: a
    # structure created afterwards would then never be found by words.
    structure_create(name="Fanfare des Hauts Plateaux", commune=Territory.objects.get(id="COM-42218"))

    assert names(q="fanfare") == ["Fanfare des Hauts Plateaux"]
