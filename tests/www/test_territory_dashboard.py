"""A territory's dashboard: key figures beside parents and France, charts with tables, children, lists."""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.test import Client

from maillage.structures.enums import EssFamily, RelationKind, StructureKind
from maillage.structures.models import Structure
from maillage.territories.enums import ProjectKind
from maillage.territories.models import Territory
from maillage.territories.services import project_territory_import_csv
from tests.structures.factories import DisciplineFactory, RelationFactory, StructureFactory
from tests.surveys.factories import CampaignFactory, ResponseFactory, answers

SAINT_ETIENNE = "COM-42218"
ROANNE = "COM-42187"
LYON = "COM-69123"


@dataclass
class Directory:
    network: Structure
    members: list[Structure]


def build_directory() -> Directory:
    """Write five counted structures in the Loire and two in the Rhône, a network, a closure, a funder."""
    # Got or created: a transactional test flushes the disciplines the migrations load.
    music = DisciplineFactory.create(slug="musique", name="Musique")
    first = StructureFactory.create(
        commune_id=SAINT_ETIENNE, association=True, headcount_band="01", founded_on=datetime.date(2015, 3, 1)
    )
    first.disciplines.set([music])
    second = StructureFactory.create(
        commune_id=SAINT_ETIENNE, association=True, headcount_band="11", founded_on=datetime.date(2020, 6, 1)
    )
    StructureFactory.create(commune_id=SAINT_ETIENNE, scop=True, founded_on=datetime.date(2020, 1, 5))
    StructureFactory.create(commune_id=ROANNE, ess_family=EssFamily.ESUS_COMPANY, is_ess=True)
    network = StructureFactory.create(
        commune_id=ROANNE, association=True, kind=StructureKind.NETWORK, name="Réseau ligérien des musiques"
    )
    StructureFactory.create(
        commune_id=SAINT_ETIENNE,
        association=True,
        is_active=False,
        founded_on=datetime.date(2001, 1, 1),
        closed_on=datetime.date(2024, 9, 30),
    )
    StructureFactory.create(commune_id=SAINT_ETIENNE, kind=StructureKind.FUNDER, association=True)
    lyon = StructureFactory.create(commune_id=LYON, association=True)
    StructureFactory.create(commune_id=LYON, ess_family=EssFamily.COOPERATIVE_SCIC, is_ess=True)
    RelationFactory.create(source=first, target=network, kind=RelationKind.MEMBER_OF)
    RelationFactory.create(source=second, target=network, kind=RelationKind.MEMBER_OF)
    RelationFactory.create(source=first, target=lyon, kind=RelationKind.PARTNER)
    return Directory(network=network, members=[first, second])


def compute() -> None:
    """Compute a snapshot of every indicator with the observatory's own command."""
    call_command("compute_indicators", label="Essai", stdout=io.StringIO())


@pytest.fixture
def computed(loire_rhone: None) -> Directory:
    directory = build_directory()
    compute()
    return directory


def text_of(html: str) -> str:
    """Return the page's text with tags removed and spaces (no-break ones too) collapsed."""
    without_tags = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"[\s\u00a0\u202f]+", " ", without_tags)


def section(html: str, heading_id: str) -> str:
    """Return the HTML of the <section> labelled by a heading id."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def matched(pattern: str, html: str) -> str:
    """Return the text of the first piece of HTML matching a pattern; fail when there is none."""
    found = re.search(pattern, html, re.S)
    assert found, pattern
    return text_of(found.group(0))


def per_100k(count: int, territory_id: str) -> str:
    population = Territory.objects.get(id=territory_id).population
    assert population
    return f"{count * 100_000 / population:.1f}".replace(".", ",")


def test_dashboard_shows_the_departement_figures_beside_its_region_and_france(
    client: Client, computed: Directory
) -> None:
    """The Loire's key figures sit beside the Auvergne-Rhône-Alpes and France ones, with their source."""
    html = client.get("/territoires/DEP-42/").content.decode()
    figures = section(html, "key-figures-title")
    header = text_of(figures[: figures.index("</thead>")])
    assert "Loire" in header
    assert "Auvergne-Rhône-Alpes" in header
    assert "France" in header

    row = matched(r'<th scope="row">Structures culturelles.*?</tr>', figures)
    # Five counted in the Loire (the closed one and the funder left out), two more in the Rhône.
    assert "en activité 5 7 7 " in row
    # Per 10,000 inhabitants the région's 7 structures round to 0,0: the row is printed per 100,000,
    # and flagged as resting on too few structures.
    per_row = matched(r'<th scope="row">Structures pour 100 000.*?</tr>', figures)
    assert per_100k(5, "DEP-42") in per_row
    assert per_100k(7, "REG-84") in per_row
    assert per_100k(7, "PAYS-99100") in per_row
    assert per_row.count("effectif trop faible pour comparer") == 3
    assert "Structures pour 10 000" not in figures
    assert "Annuaire maillage" in figures
    assert "population du référentiel" in figures
    networks = matched(r'<th scope="row">Réseaux présents.*?</tr>', figures)
    assert "Réseaux présents 1 1 1" in networks


def test_each_chart_has_an_image_role_and_a_table_of_its_data(client: Client, computed: Directory) -> None:
    """Every SVG chart is labelled for screen readers and followed by a table with the same rows."""
    html = client.get("/territoires/DEP-42/").content.decode()
    charts = re.findall(r'<figure class="chart" id="(chart-\d+)">(.*?)</figure>', html, re.S)
    assert len(charts) >= 6
    for chart_id, body in charts:
        assert 'role="img"' in body
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in body
        assert "<details" in body
        assert "<table" in body
        assert "<caption>" in body
        assert (
            body.count("<rect") == body.count('<th scope="row">') or "<polyline" in body or "<circle" in body
        )
    families = next(body for _, body in charts if "Structures par famille" in body)
    table = text_of(families[families.index("<table") :])
    assert "Association 3" in table
    assert "Coopérative : SCOP 1" in table


def test_children_list_links_every_epci_of_the_departement(client: Client, computed: Directory) -> None:
    """The table under the map links each EPCI of the Loire, once, with its population and figures."""
    html = client.get("/territoires/DEP-42/").content.decode()
    children = section(html, "children-title")
    epci = set(re.findall(r'href="/territoires/(EPCI-\d+)/"', children))
    expected = {
        t.id for t in Territory.objects.filter(level="epci", commune_links__commune__departement_id="DEP-42")
    }
    assert epci == expected
    row = matched(r'<th scope="row"><a href="/territoires/EPCI-244200770/">.*?</tr>', children)
    assert "Saint-Étienne Métropole" in row
    assert " 3 " in row  # the three structures of Saint-Étienne; Roanne is in another EPCI
    assert html.count('href="/territoires/EPCI-244200770/"') == 1


def test_structures_and_networks_link_to_the_directory(client: Client, computed: Directory) -> None:
    """The directory is linked filtered by the territory, and the networks present are listed."""
    html = client.get("/territoires/DEP-42/").content.decode()
    lists = section(html, "structures-title")
    assert 'href="/structures/?territoire=DEP-42"' in lists
    assert f'href="/structures/{computed.network.slug}/"' in lists
    assert "Réseau ligérien des musiques" in lists
    response = client.get("/structures/", {"territoire": "DEP-42"})
    assert response.status_code == 200


def test_france_and_a_commune_have_their_dashboard(client: Client, computed: Directory) -> None:
    """France shows its régions without comparing itself to itself; a commune shows its parents' values."""
    france = client.get("/territoires/PAYS-99100/").content.decode()
    assert 'href="/territoires/REG-84/"' in france
    figures = section(france, "key-figures-title")
    header = text_of(figures[figures.index("<thead>") : figures.index("</thead>")])
    assert header.count("France") == 1
    commune = client.get(f"/territoires/{SAINT_ETIENNE}/").content.decode()
    assert "Saint-Étienne Métropole" in text_of(section(commune, "key-figures-title"))


def test_without_a_snapshot_the_page_says_indicators_are_not_computed(
    client: Client, loire_rhone: None
) -> None:
    """Before the first computation, the territory's information stays and the figures are announced."""
    response = client.get("/territoires/DEP-42/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ne sont pas encore calculés" in html
    assert 'href="/territoires/EPCI-244200770/"' in html
    assert "Population municipale" in html


def test_map_layer_carries_the_choropleth_values(client: Client, computed: Directory) -> None:
    """Each child of the map layer has its value, its label and the colour of its class."""
    features = client.get("/territoires/DEP-42/carte.geojson").json()["features"]
    metropole = next(f for f in features if f["properties"]["id"] == "EPCI-244200770")
    assert metropole["properties"]["structures"] == 3
    assert "pour 10 000 habitants" in metropole["properties"]["libelle"]
    assert metropole["properties"]["couleur"].startswith("#")


def test_communes_of_an_epci_are_proportional_circles(client: Client, computed: Directory) -> None:
    """An EPCI's communes are points with a radius, the largest for the commune with most structures."""
    features = client.get("/territoires/EPCI-244200770/carte.geojson").json()["features"]
    points = [f for f in features if f["geometry"]["type"] == "Point"]
    assert points
    assert all(f["properties"]["role"] == "enfant" for f in points)
    saint_etienne = next(f for f in points if f["properties"]["id"] == SAINT_ETIENNE)
    assert saint_etienne["properties"]["rayon"] == max(f["properties"]["rayon"] for f in points)


@pytest.mark.parametrize(
    "url", ["/territoires/DEP-42/", "/territoires/PAYS-99100/", "/territoires/EPCI-244200770/"]
)
def test_dashboard_uses_a_bounded_number_of_queries(
    client: Client, computed: Directory, django_assert_max_num_queries: object, url: str
) -> None:
    """A computed dashboard reads a fixed handful of queries, whatever the number of children."""
    with django_assert_max_num_queries(22):  # type: ignore[operator]
        assert client.get(url).status_code == 200


def test_map_layer_uses_a_bounded_number_of_queries(
    client: Client, computed: Directory, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert client.get("/territoires/REG-84/carte.geojson").status_code == 200


def test_published_survey_results_show_with_their_table_download(client: Client, computed: Directory) -> None:
    """A closed campaign over the Loire shows nothing with four answers, and its figures with five."""
    loire = Territory.objects.get(id="DEP-42")
    campaign = CampaignFactory.create(
        territory=loire, title="Besoins des structures ligériennes", closed=True
    )
    structures = list(Structure.objects.filter(commune__departement=loire)[:5])
    for structure in structures[:4]:
        level = "fort" if structure in structures[:3] else "aucun"
        ResponseFactory.create(campaign=campaign, structure=structure, answers=answers(emploi_niveau=level))
    withheld = client.get("/territoires/DEP-42/").content.decode()
    assert "Besoins des structures ligériennes" in section(withheld, "surveys-title")
    assert "résultats non publiés" in section(withheld, "surveys-title")
    assert "tableaux/enquete-" not in withheld

    ResponseFactory.create(campaign=campaign, structure=structures[4], answers=answers(emploi_niveau="aucun"))
    published = client.get("/territoires/DEP-42/").content.decode()
    assert "5 réponses" in section(published, "surveys-title")
    link = f"/territoires/DEP-42/tableaux/enquete-{campaign.pk}.csv"
    assert f'href="{link}"' in published
    rows = client.get(link).content.decode("utf-8-sig").splitlines()
    assert rows[0] == "theme,besoin,structures,part_pct"
    assert "Emploi et fonction employeur,dont besoin fort,3,60" in rows
    # The commune holds fewer structures but the campaign covers it too.
    assert (
        "Besoins des structures ligériennes" in client.get(f"/territoires/{SAINT_ETIENNE}/").content.decode()
    )


def test_project_territory_has_its_dashboard_and_diagnostic(client: Client, loire_rhone: None) -> None:
    """A Pays drawn over some Loire communes gets figures beside the Loire's, and its communes as circles."""
    project_territory_import_csv(
        name="Vallée du Gier", kind=ProjectKind.PAYS, csv_text="code_insee\n42218\n42207\n42095\n42186\n"
    )
    build_directory()
    compute()
    html = client.get("/territoires/TER-vallee-du-gier/").content.decode()
    figures = section(html, "key-figures-title")
    assert "Loire" in figures
    assert "en activité 3 5 7 7 " in matched(r'<th scope="row">Structures culturelles.*?</tr>', figures)
    assert f'href="/territoires/{SAINT_ETIENNE}/"' in section(html, "children-title")
    features = client.get("/territoires/TER-vallee-du-gier/carte.geojson").json()["features"]
    assert {f["geometry"]["type"] for f in features if f["properties"]["role"] == "enfant"} == {"Point"}
    assert client.get("/territoires/TER-vallee-du-gier/diagnostic/").status_code == 200
