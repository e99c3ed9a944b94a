"""A network's members with their consolidated figures, and the cooperation graph as SVG and table."""

import datetime
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client

from maillage.structures.enums import DataSource, Metric, RelationKind, StructureKind
from maillage.structures.models import Structure
from maillage.structures.relation_services import key_figure_set, relation_create
from maillage.structures.services import structure_create
from maillage.territories.models import Territory
from maillage.www.structures.graph import MAX_NODES
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.usefixtures("loire_rhone")


@pytest.fixture
def reference() -> None:
    call_command("load_reference_data", verbosity=0)


def reference_structure(key: str) -> Structure:
    return Structure.objects.get(source=DataSource.REFERENCE_SEED, source_id=key)


def html_of(client: Client, url: str, params: dict | None = None, status: int = 200) -> str:
    response = client.get(url, params or {})
    assert response.status_code == status
    return unescape(response.content.decode())


def result_names(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/structures/[^"]+/">([^<]+)</a>', html)


def test_members_page_lists_the_current_members_with_the_list_facets(client: Client, reference: None) -> None:
    html = html_of(client, "/structures/culture-et-cooperation/membres/")

    assert "<h1>Structures membres de Culture et Coopération</h1>" in html
    assert sorted(result_names(html)) == sorted(
        [
            "CD1D",
            "La Baroufada",
            "La Fabrique",
            "Le Fil",
            "Le France",
            "Le Remue-Méninges",
            "Les Noctambules",
            "Yes High Tech",
        ]
    )
    assert 'id="facets-title"' in html
    # The network is the page itself: no filter chip nor facet to remove it, but the links keep it elsewhere.
    assert "Réseau : Culture et Coopération" not in html
    assert 'id="facet-reseau"' not in html
    assert 'href="/structures/carte/?reseau=culture-et-cooperation">Voir la carte' in html
    assert 'href="/structures/export/csv/?reseau=culture-et-cooperation"' in html


def test_members_page_filters_keep_the_network(client: Client, reference: None) -> None:
    html = html_of(client, "/structures/culture-et-cooperation/membres/", {"q": "fil"})

    assert result_names(html) == ["Le Fil"]
    assert 'action="/structures/culture-et-cooperation/membres/"' in html


def test_a_member_that_left_is_not_listed(client: Client) -> None:
    network = structure_create(name="Réseau régional", kind=StructureKind.NETWORK)
    stays = structure_create(name="Fidèle")
    left = structure_create(name="Partie")
    relation_create(source=stays, kind=RelationKind.MEMBER_OF, target=network)
    relation_create(
        source=left,
        kind=RelationKind.MEMBER_OF,
        target=network,
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2015, 12, 31),
    )

    assert result_names(html_of(client, "/structures/reseau-regional/membres/")) == ["Fidèle"]


def test_consolidated_figures_sum_each_members_latest_figure_with_coverage(client: Client) -> None:
    network = structure_create(name="Fédération", kind=StructureKind.NETWORK)
    members = [structure_create(name=f"Membre {n}") for n in range(1, 4)]
    for member in members:
        relation_create(source=member, kind=RelationKind.MEMBER_OF, target=network)
    key_figure_set(
        structure=members[0], year=2022, metric=Metric.BUDGET, value=100_000, source_label="rapport"
    )
    key_figure_set(
        structure=members[0], year=2023, metric=Metric.BUDGET, value=120_000, source_label="rapport"
    )
    key_figure_set(structure=members[1], year=2021, metric=Metric.BUDGET, value=80_000, qualifier="environ")
    key_figure_set(structure=members[2], year=2023, metric=Metric.EMPLOYEES, value=4)
    outsider = structure_create(name="Pas membre")
    key_figure_set(structure=outsider, year=2023, metric=Metric.BUDGET, value=1_000_000)

    html = html_of(client, "/structures/federation/membres/")
    table = html.split('class="consolidated"', 1)[1].split("</table>", 1)[0]
    rows = {
        cells[0]: cells[1:]
        for cells in (
            [
                re.sub(r"<[^>]+>", "", c).strip()
                for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)
            ]
            for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.DOTALL)
        )
    }
    budget, employees = rows["Budget"], rows["Salariés"]
    assert budget[0].replace("\xa0", " ").replace("\u202f", " ") == "environ 200 000 €"
    assert budget[1] == "2 membres sur 3 renseignent ce chiffre (dont 1 valeur approchée)"
    assert budget[2] == "2021 à 2023"
    assert employees[:2] == ["4", "1 membre sur 3 renseigne ce chiffre"]


def test_members_page_runs_a_bounded_number_of_queries(
    client: Client, reference: None, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        html_of(client, "/structures/culture-et-cooperation/membres/", {"taille": "100"})


def test_graph_of_a_network_draws_members_partners_and_relations(client: Client, reference: None) -> None:
    html = html_of(client, "/structures/graphe/", {"reseau": "culture-et-cooperation"})

    svg = html.split('<svg class="graph-svg"', 1)[1].split("</svg>", 1)[0]
    # The eight members, linked to their pages, and the network itself as their direct partner.
    assert svg.count('class="graph-node graph-node-matched"') == 8
    assert '<a href="/structures/culture-et-cooperation/" class="graph-node graph-node-partner">' in svg
    assert '<a href="/structures/le-fil/" class="graph-node graph-node-matched">' in svg
    assert 'fill="none" stroke="#1d3557"' in svg
    assert 'marker-end="url(#arrow-member_of)"' in svg
    # Le Fil co-organised the 2012 meetings: the event and its other organisers are drawn too.
    assert "graph-node-act" in svg
    assert '<a href="/structures/union-federale-d-intervention-des-structures-culturelles/"' in svg

    legend = html.split('id="legend-title"', 1)[1].split("</section>", 1)[0]
    assert "Membre de" in legend
    assert "Co-organisateur de" in legend
    table = html.split('class="relations-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)
    texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]
    assert "Le Fil Membre de Culture et Coopération octobre 2010" in texts
    assert any(t.startswith("Le Fil Co-organisateur de Rencontres nationales") for t in texts)
    assert len(rows) - 1 == svg.count('<path d="M') - svg.count("<marker ")


def test_graph_of_a_territory(client: Client, reference: None) -> None:
    html = html_of(client, "/structures/graphe/", {"territoire": "DEP-42"})

    assert html.count('class="graph-node graph-node-matched"') == 1
    assert '<a href="/structures/le-fil/" class="graph-node graph-node-partner">' in html


def test_graph_svg_numbers_are_not_localised(client: Client, reference: None) -> None:
    html = html_of(client, "/structures/graphe/", {"reseau": "culture-et-cooperation"})

    svg = html.split('<svg class="graph-svg"', 1)[1].split("</svg>", 1)[0]
    number = r"-?\d+(?:\.\d+)?"
    coordinates = re.findall(r' (?:cx|cy|x|y)="([^"]+)"', svg)
    assert coordinates
    for value in coordinates:
        assert re.fullmatch(number, value), value
    paths = re.findall(r'<path d="(M[^"]+)" fill="none"', svg)
    assert paths
    for path in paths:
        assert re.fullmatch(rf"M{number} {number} (?:L|Q{number} {number} ){number} {number}", path), path
    assert 'viewBox="0 0 ' in svg
    assert re.search(rf'viewBox="0 0 {number} {number}"', svg)


def test_graph_refuses_more_than_its_node_limit_with_a_message(client: Client) -> None:
    StructureFactory.create_batch(MAX_NODES + 1, commune=Territory.objects.get(id="COM-42218"))

    html = html_of(client, "/structures/graphe/", {"territoire": "COM-42218"})

    assert f"Plus de {MAX_NODES} structures correspondent" in html
    assert '<svg class="graph-svg"' not in html


def test_graph_with_a_bad_filter_is_a_400(client: Client) -> None:
    assert "Réseau inconnu" in html_of(client, "/structures/graphe/", {"reseau": "personne"}, status=400)


def test_graph_runs_a_bounded_number_of_queries(
    client: Client, reference: None, django_assert_max_num_queries: object
) -> None:
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        html_of(client, "/structures/graphe/", {"reseau": "culture-et-cooperation"})


def test_markup_in_names_is_escaped_in_the_graph(client: Client) -> None:
    evil = structure_create(name="<script>alert(1)</script>", commune=Territory.objects.get(id="COM-42218"))
    relation_create(source=evil, kind=RelationKind.PARTNER, target=structure_create(name="Voisin"))

    response = client.get("/structures/graphe/", {"territoire": "COM-42218"})
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
