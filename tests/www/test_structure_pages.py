"""The directory list without JavaScript: search, facets keeping the other filters, errors, pages, bounds."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from maillage.structures import search
from maillage.structures.enums import RelationKind, StructureKind
from maillage.structures.models import Discipline, Structure
from maillage.structures.relation_services import relation_create
from maillage.structures.services import structure_create, structure_update
from maillage.territories.enums import Level, ProjectKind
from maillage.territories.models import Territory, TerritoryCommune
from maillage.territories.services import project_territory_save

pytestmark = pytest.mark.usefixtures("loire_rhone")

ASSOCIATION = "9220"
SCOP = "5458"


@pytest.fixture
def directory() -> dict[str, Structure]:
    """Build 30 structures: two networks and 28 others in five disciplines, in three communes of 42 and 69."""
    disciplines = {d.slug: d for d in Discipline.objects.all()}
    saint_etienne = Territory.objects.get(id="COM-42218")
    saint_chamond = Territory.objects.get(id="COM-42207")
    lyon = Territory.objects.get(id="COM-69123")
    music = structure_create(name="Fédération des lieux de musiques", kind=StructureKind.NETWORK)
    venues = structure_create(name="Réseau des scènes", kind=StructureKind.NETWORK)
    built = {"music": music, "venues": venues}
    plan = [
        # (count, name, commune, discipline slugs, legal category, networks)
        (8, "Salle de concert", saint_etienne, ["musique"], ASSOCIATION, [music]),
        (6, "Compagnie de théâtre", lyon, ["theatre"], ASSOCIATION, [venues]),
        (5, "Collectif de danse", saint_chamond, ["danse", "musique"], SCOP, [music, venues]),
        (4, "Cirque", lyon, ["cirque"], SCOP, []),
        (5, "Maison du patrimoine", saint_etienne, ["patrimoine"], "", []),
    ]
    for count, name, commune, slugs, legal, networks in plan:
        for number in range(1, count + 1):
            structure = structure_create(
                name=f"{name} {number}",
                commune=commune,
                legal_category_code=legal,
                disciplines=[disciplines[s] for s in slugs],
            )
            for network in networks:
                relation_create(source=structure, kind=RelationKind.MEMBER_OF, target=network)
            built[structure.name] = structure
    return built


def html_of(client: Client, url: str, params: dict | None = None, status: int = 200) -> str:
    response = client.get(url, params or {})
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def result_names(html: str) -> list[str]:
    block = (
        html.split('class="structure-results"', 1)[1].split("</ol>", 1)[0]
        if "structure-results" in html
        else ""
    )
    return [unescape(n) for n in re.findall(r'<h3><a href="/structures/[^"]+/">([^<]+)</a>', block)]


def facet_links(html: str, parameter: str) -> dict[str, tuple[int, str]]:
    """Return {label: (count, url)} of a facet group."""
    block = html.split(f'id="facet-{parameter}"', 1)[1].split("</section>", 1)[0]
    links = re.findall(
        r'<a href="([^"]+)"[^>]*>(?:<span aria-hidden="true">✓ </span>)?'
        r'([^<]+?) <span class="count">\((\d+)\)',
        block,
    )
    return {unescape(label): (int(count), unescape(url)) for url, label, count in links}


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_list_shows_name_kind_family_place_and_disciplines(client: Client, directory: dict) -> None:
    html = html_of(client, "/structures/", {"q": "collectif de danse 1"})

    assert result_names(html)[0] == "Collectif de danse 1"
    card = html.split("Collectif de danse 1</a>", 1)[1].split("</li>", 1)[0]
    assert "Structure artistique ou culturelle" in card
    assert "Coopérative : SCOP" in card
    assert "Saint-Chamond (Loire)" in card
    assert "Musique" in card
    assert "Danse" in card


def test_facet_counts_are_those_of_the_results(client: Client, directory: dict) -> None:
    html = html_of(client, "/structures/")

    disciplines = {label: count for label, (count, _) in facet_links(html, "discipline").items()}
    assert disciplines == {"Musique": 13, "Théâtre": 6, "Danse": 5, "Cirque": 4, "Patrimoine": 5}
    networks = {label: count for label, (count, _) in facet_links(html, "reseau").items()}
    assert networks == {"Fédération des lieux de musiques": 13, "Réseau des scènes": 11}
    families = {label: count for label, (count, _) in facet_links(html, "famille").items()}
    assert families["Association"] == 14
    assert families["Coopérative : SCOP"] == 9
    regions = {label: count for label, (count, _) in facet_links(html, "territoire").items()}
    assert regions == {"Auvergne-Rhône-Alpes": 28}
    assert '<h2 id="results-title">30 structures</h2>' in html


def test_facet_links_keep_the_other_filters_and_toggle_their_value(client: Client, directory: dict) -> None:
    html = html_of(client, "/structures/", {"q": "salle", "territoire": "DEP-42", "taille": "50"})

    count, url = facet_links(html, "discipline")["Musique"]
    assert count == 8
    assert query_of(url) == {
        "q": ["salle"],
        "territoire": ["DEP-42"],
        "discipline": ["musique"],
        "taille": ["50"],
    }

    selected = html_of(client, url)
    assert result_names(selected)[:1] == ["Salle de concert 1"]
    assert len(result_names(selected)) == 8
    # The selected value is marked and its link removes it, keeping the rest.
    count, again = facet_links(selected, "discipline")["Musique"]
    assert 'aria-current="true"' in selected
    assert query_of(again) == {"q": ["salle"], "territoire": ["DEP-42"], "taille": ["50"]}


def test_multi_valued_facets_add_values(client: Client, directory: dict) -> None:
    html = html_of(client, "/structures/", {"discipline": "cirque"})
    assert len(result_names(html)) == 4

    both = html_of(client, "/structures/", {"discipline": ["cirque", "theatre"]})
    assert len(result_names(both)) == 10


def test_filters_in_force_are_shown_each_with_a_link_removing_it(client: Client, directory: dict) -> None:
    html = html_of(
        client,
        "/structures/",
        {"territoire": "DEP-42", "discipline": "musique", "reseau": directory["music"].slug},
    )

    block = html.split('class="active-filters"', 1)[1].split("</div>", 1)[0]
    assert "Territoire : Loire (département, DEP-42)" in block
    assert "Discipline : Musique" in block
    assert "Réseau : Fédération des lieux de musiques" in block
    removals = [query_of(unescape(u)) for u in re.findall(r'<li>.*?<a href="([^"]+)">Retirer', block)]
    assert {"discipline": ["musique"], "reseau": [directory["music"].slug]} in removals
    assert {"territoire": ["DEP-42"], "reseau": [directory["music"].slug]} in removals


@pytest.mark.parametrize("territory_id", ["COM-42218", "EPCI-244200770", "DEP-42", "REG-84"])
def test_a_structure_in_saint_etienne_is_found_under_every_level(
    client: Client, directory: dict, territory_id: str
) -> None:
    names = result_names(html_of(client, "/structures/", {"territoire": territory_id, "taille": "100"}))

    assert "Salle de concert 1" in names
    if territory_id in ("COM-42218", "EPCI-244200770"):
        assert "Compagnie de théâtre 1" not in names


def test_a_structure_is_found_under_a_project_territory(client: Client, directory: dict) -> None:
    project_territory_save(name="Vallée du Gier", kind=ProjectKind.PAYS, commune_ids=["COM-42218"])

    names = result_names(
        html_of(client, "/structures/", {"territoire": "TER-vallee-du-gier", "taille": "100"})
    )

    assert len(names) == 13
    assert "Salle de concert 1" in names
    assert "Collectif de danse 1" not in names


def test_a_structure_is_not_found_under_another_departement(client: Client, directory: dict) -> None:
    paris = Territory.objects.create(
        id="DEP-75", level=Level.DEPARTEMENT, code="75", name="Paris", millesime="2026", source="test"
    )
    commune = Territory.objects.create(
        id="COM-75056",
        level=Level.COMMUNE,
        code="75056",
        name="Paris",
        departement=paris,
        millesime="2026",
        source="test",
    )
    TerritoryCommune.objects.bulk_create(
        [
            TerritoryCommune(territory=paris, commune=commune),
            TerritoryCommune(territory=commune, commune=commune),
        ]
    )
    structure_create(name="Théâtre parisien", commune=commune)

    assert result_names(html_of(client, "/structures/", {"territoire": "DEP-75"})) == ["Théâtre parisien"]


def test_an_unknown_territory_is_a_400_page_that_says_why_and_suggests(
    client: Client, directory: dict
) -> None:
    html = html_of(client, "/structures/", {"territoire": "DEP-999"}, status=400)
    assert "Territoire inconnu : « DEP-999 »" in unescape(html)
    assert 'role="alert"' in html

    # Without JavaScript a person may type a name: the territories it matches are offered as links.
    typed = html_of(client, "/structures/", {"territoire": "loire", "q": "salle"}, status=400)
    assert (
        "/structures/?territoire=DEP-42&amp;q=salle" in typed
        or "/structures/?q=salle&amp;territoire=DEP-42" in typed
    )
    assert 'value="loire"' in typed


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"discipline": "jonglage"}, "Discipline inconnue"),
        ({"page": "-1"}, "nombre entier positif"),
        ({"taille": "abc"}, "nombre entier positif"),
        ({"tri": "hasard"}, "Tri inconnu"),
        ({"etat": "zombie"}, "« etat » vaut"),
        ({"q": "x" * 300}, "limitée à 200 caractères"),
    ],
)
def test_a_bad_filter_is_a_400_page_never_a_500(client: Client, params: dict, message: str) -> None:
    assert message in unescape(html_of(client, "/structures/", params, status=400))


def test_closed_structures_are_hidden_unless_asked(client: Client, directory: dict) -> None:
    closed = directory["Cirque 4"]
    structure_update(structure=closed, closed_on="2021-03-31")

    assert "Cirque 4" not in result_names(html_of(client, "/structures/", {"discipline": "cirque"}))
    html = html_of(client, "/structures/", {"discipline": "cirque", "etat": "tous"})
    assert "Cirque 4" in result_names(html)
    card = html.split("Cirque 4</a>", 1)[1].split("</li>", 1)[0]
    assert "Fermée le 31 mars 2021" in card
    assert result_names(html_of(client, "/structures/", {"etat": "ferme"})) == ["Cirque 4"]


def test_pages_follow_each_other_and_a_page_too_far_is_empty(client: Client, directory: dict) -> None:
    seen: list[str] = []
    for page in (1, 2, 3):
        seen += result_names(
            html_of(client, "/structures/", {"tri": "nom", "taille": "10", "page": str(page)})
        )
    assert len(seen) == 30
    assert len(set(seen)) == 30
    assert seen == sorted(seen, key=lambda n: n.lower().replace("é", "e"))

    second = html_of(client, "/structures/", {"taille": "10", "page": "2"})
    assert 'rel="prev"' in second
    assert 'rel="next"' in second
    assert "Résultats 11 à 20" in second

    last = html_of(client, "/structures/", {"taille": "10", "page": "3"})
    assert 'rel="next"' not in last
    beyond = html_of(client, "/structures/", {"taille": "10", "page": "4"})
    assert result_names(beyond) == []
    assert "Revenir à la première page" in beyond
    assert result_names(html_of(client, "/structures/", {"page": "99999999999999999999"})) == []


def test_the_whole_state_is_in_the_links_of_the_page(client: Client, directory: dict) -> None:
    network = directory["music"].slug
    params = {"q": "salle", "territoire": "DEP-42", "discipline": "musique", "reseau": network, "tri": "nom"}
    html = unescape(html_of(client, "/structures/", params))
    expected = {k: [v] for k, v in params.items()}

    for path in (
        "/structures/export/csv/",
        "/structures/export/geojson/",
        "/structures/export/data-inclusion/",
    ):
        url = re.search(rf'href="({re.escape(path)}\?[^"]+)"', html)
        assert url is not None, path
        assert query_of(url.group(1)) == expected
    map_url = re.search(r'href="(/structures/carte/\?[^"]+)">Voir la carte', html)
    assert map_url is not None
    assert query_of(map_url.group(1)) == expected
    # The search form carries the facet choices, so a new search keeps them.
    assert '<input type="hidden" name="discipline" value="musique">' in html
    assert f'<input type="hidden" name="reseau" value="{network}">' in html
    assert 'name="territoire" type="text" value="DEP-42"' in html


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"taille": "1"},
        {"taille": "100"},
        {"q": "salle", "taille": "100"},
        {"territoire": "DEP-42", "discipline": "musique", "taille": "100"},
        {"reseau": "reseau-des-scenes", "famille": "cooperative_scop", "type": "cultural", "ess": "oui"},
        {
            "q": "concert",
            "territoire": "REG-84",
            "reseau": "federation-des-lieux-de-musiques",
            "etat": "tous",
        },
        {"discipline": ["musique", "danse"], "tri": "-nom", "taille": "100", "page": "1"},
    ],
)
def test_the_list_runs_at_most_ten_queries_whatever_the_page_size(
    client: Client, directory: dict, django_assert_max_num_queries: object, params: dict
) -> None:
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        response = client.get("/structures/", params)
    assert response.status_code == 200
    assert result_names(response.content.decode())


def test_a_broad_text_search_found_by_relevance_tier_stays_within_ten_queries(
    client: Client, directory: dict, django_assert_max_num_queries: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Plus de 1 structure": capped, its first pages found by tier (up to five more statements).
    monkeypatch.setattr(search, "TEXT_FACETS_LIMIT", 1)
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        response = client.get("/structures/", {"q": "salle", "taille": "1"})
    assert response.status_code == 200
    assert result_names(response.content.decode()) == ["Salle de concert 1"]


def test_territory_suggestions_are_datalist_options_holding_ids(client: Client) -> None:
    response = client.get(
        "/structures/suggestions-territoires/", {"territoire": "loire"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert "<html" not in html
    assert '<option value="DEP-42">Loire — Département' in html
    assert client.get("/structures/suggestions-territoires/").content.strip() == b""


def test_markup_in_a_name_is_escaped_in_the_list(client: Client) -> None:
    structure_create(name="<script>alert(1)</script>", commune=Territory.objects.get(id="COM-42218"))

    html = html_of(client, "/structures/", {"q": "<script>"})
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_directory_is_in_the_main_navigation(client: Client) -> None:
    html = html_of(client, "/structures/")
    assert '<a href="/structures/" aria-current="page">Annuaire</a>' in html
    assert '<a href="/structures/">Annuaire</a>' in html_of(client, "/territoires/")
