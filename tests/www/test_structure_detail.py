"""A structure's page: identity, place, figures by year, relations both ways, joint acts, JSON-LD."""

import json
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client

from maillage.structures.enums import DataSource, Metric, RelationKind
from maillage.structures.models import KeyFigure, Structure
from maillage.structures.relation_services import key_figure_set, relation_create
from maillage.structures.services import structure_create, structure_update
from maillage.territories.models import Territory
from tests.structures.factories import LabelFactory, luhn_complete

pytestmark = pytest.mark.usefixtures("loire_rhone")

# A fixed SIRET whose SIREN and SIRET keys are valid.
SIRET = luhn_complete(luhn_complete("73282932") + "0007")


@pytest.fixture
def reference() -> None:
    call_command("load_reference_data", verbosity=0)


def reference_structure(key: str) -> Structure:
    return Structure.objects.get(source=DataSource.REFERENCE_SEED, source_id=key)


def page_of(client: Client, structure: Structure) -> str:
    response = client.get(f"/structures/{structure.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html: str) -> dict:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def section(html: str, title_id: str) -> str:
    return unescape(html.split(f'id="{title_id}"', 1)[1].split("</section>", 1)[0])


def test_culture_et_cooperation_shows_identity_place_and_provenance(client: Client, reference: None) -> None:
    html = page_of(client, reference_structure("culture-et-cooperation"))

    assert "<h1>Culture et Coopération</h1>" in html
    identity = section(html, "identity-title")
    assert "Culture & Coopération" in identity
    assert "PTCE ou cluster" in identity
    assert "Association" in identity
    assert "octobre 2010" in identity
    assert "Ressource et accompagnement" in identity
    place = section(html, "place-title")
    assert "20 rue Saint-Joseph" in place
    for territory in ("COM-42218", "DEP-42", "REG-84"):
        assert f'href="/territoires/{territory}/"' in place
    assert 'href="http://www.culture-cooperation.org"' in place
    assert "culturescooperatives@gmail.com" in place
    assert "centre de la commune de Saint-Étienne" in place
    provenance = section(html, "provenance-title")
    assert "Jeu de référence (documents fondateurs)" in provenance
    assert "<code>culture-et-cooperation</code>" in provenance
    assert "9 septembre 2015" in provenance


def test_key_figures_are_grouped_by_year_with_their_qualifier_note_and_source(
    client: Client, reference: None
) -> None:
    structure = reference_structure("culture-et-cooperation")
    figures = section(page_of(client, structure), "figures-title")

    assert figures.index("<caption>2015</caption>") < figures.index("<caption>2010</caption>")
    turnover = KeyFigure.objects.get(structure=structure, metric=Metric.TURNOVER)
    assert turnover.value_display().startswith("plus de 3")
    assert turnover.value_display() in figures
    assert "une quinzaine (15)" in figures
    assert "Chiffre d'affaires annuel consolidé du regroupement" in figures
    assert "Le Labo de l'ESS" in figures


def test_relations_read_both_ways_grouped_by_kind_with_dates(client: Client, reference: None) -> None:
    cluster = section(page_of(client, reference_structure("culture-et-cooperation")), "relations-title")
    assert 'A pour membre <span class="meta">(8)</span>' in cluster
    assert 'href="/structures/le-fil/"' in cluster
    assert "octobre 2010" in cluster

    member = section(page_of(client, reference_structure("le-fil")), "relations-title")
    assert "<h3>Membre de" in member
    assert 'href="/structures/culture-et-cooperation/">Culture et Coopération</a>' in member


def test_a_network_links_to_its_members_and_its_graph(client: Client, reference: None) -> None:
    html = page_of(client, reference_structure("culture-et-cooperation"))

    network = section(html, "network-title")
    assert "8 structures membres" in network
    assert 'href="/structures/culture-et-cooperation/membres/"' in network
    assert 'href="/structures/graphe/?reseau=culture-et-cooperation"' in network


def test_a_signatory_sees_the_convention_with_the_other_signatories(client: Client, reference: None) -> None:
    ufisc = reference_structure("ufisc")
    acts = section(page_of(client, ufisc), "acts-title")

    convention = next(part for part in acts.split("<article") if "Signataire de" in part)
    assert "Signataire de : Convention de coopération « Renforcer" in convention
    assert "du 13 janvier 2015" in convention
    for key in ("cncres", "mes", "opale"):
        assert f'href="/structures/{reference_structure(key).slug}/"' in convention
    assert f'href="/structures/{ufisc.slug}/"' not in convention
    assert "Co-organisateur de" in acts


def test_json_ld_describes_the_organisation(client: Client, reference: None) -> None:
    le_fil = reference_structure("le-fil")
    structure_update(
        structure=le_fil,
        siret=SIRET,
        commune=Territory.objects.get(id="COM-42218"),
        postal_code="42000",
        latitude=45.44,
        longitude=4.39,
        founded_on="2008-09-01",
        acronym="FIL",
    )
    data = json_ld(page_of(client, le_fil))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Le Fil"
    assert data["alternateName"] == ["FIL"]
    assert data["url"] == "http://testserver/structures/le-fil/"
    assert data["sameAs"] == ["http://www.le-fil.com"]
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "FR",
        "postalCode": "42000",
        "addressLocality": "Saint-Étienne",
    }
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 45.44, "longitude": 4.39}
    assert {"@type": "PropertyValue", "propertyID": "SIRET", "value": SIRET} in data["identifier"]
    assert data["memberOf"] == [
        {
            "@type": "Organization",
            "name": "Culture et Coopération",
            "url": "http://testserver/structures/culture-et-cooperation/",
        }
    ]
    assert data["foundingDate"] == "2008-09-01"


def test_identifiers_codes_and_labels_show_when_known(client: Client) -> None:
    structure = structure_create(
        name="Coopérative des arts", siret=SIRET, naf_code="90.01Z", legal_category_code="5458"
    )
    identity = section(page_of(client, structure), "identity-title")

    assert f"<code>{SIRET}</code>" in identity
    assert f"<code>{SIRET[:9]}</code>" in identity
    assert "<code>90.01Z</code>" in identity
    assert "Arts du spectacle vivant" in identity
    assert "code INSEE 5458" in identity
    assert "Coopérative : SCOP" in identity


def test_labels_activities_parent_and_branches_are_shown(client: Client) -> None:
    label = LabelFactory.create(name="Scène de musiques actuelles", acronym="SMAC")
    parent = structure_create(name="Maison mère", labels=[label], activities=["diffusion", "venue"])
    branch = structure_create(name="Antenne du quartier", parent=parent)

    html = page_of(client, parent)
    identity = section(html, "identity-title")
    assert "Scène de musiques actuelles (SMAC)" in identity
    assert "Diffusion, Lieu" in identity
    branches = section(html, "branches-title")
    assert f'href="/structures/{branch.slug}/">Antenne du quartier</a>' in branches
    child = page_of(client, branch)
    assert f'href="/structures/{parent.slug}/">Maison mère</a>' in section(child, "branches-title")
    assert json_ld(child)["parentOrganization"]["name"] == "Maison mère"


def test_a_closed_structure_says_so_with_its_date(client: Client) -> None:
    structure = structure_create(name="Ancien café-théâtre")
    structure_update(structure=structure, closed_on="2019-12-31")
    html = unescape(page_of(client, structure))

    assert "Cette structure a fermé le 31 décembre 2019." in html
    assert json_ld(html)["dissolutionDate"] == "2019-12-31"


def test_markup_in_names_is_escaped_in_the_page_and_the_json_ld(client: Client) -> None:
    evil = "<script>alert(1)</script>"
    structure = structure_create(
        name=evil, acronym="</script><b>", other_names="a & b", commune=Territory.objects.get(id="COM-42218")
    )
    partner = structure_create(name="Partenaire </script>")
    relation_create(source=structure, kind=RelationKind.PARTNER, target=partner)
    html = page_of(client, structure)

    assert evil not in html
    assert "</script><b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The only <script> elements are the static scripts and the JSON-LD block, which stays parsable.
    assert html.count("</script>") == html.count("<script")
    data = json_ld(html)
    assert data["name"] == evil
    assert data["alternateName"] == ["</script><b>", "a & b"]
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert raw is not None
    assert "<" not in raw.group(1)
    assert "&" not in raw.group(1)


def test_the_page_runs_a_bounded_number_of_queries(
    client: Client, reference: None, django_assert_max_num_queries: object
) -> None:
    for key in ("culture-et-cooperation", "ufisc", "le-fil"):
        structure = reference_structure(key)
        key_figure_set(structure=structure, year=2020, metric=Metric.BUDGET, value=10)
        with django_assert_max_num_queries(12):  # type: ignore[operator]
            page_of(client, structure)


def test_an_unknown_structure_is_a_404(client: Client) -> None:
    assert client.get("/structures/personne/").status_code == 404
    assert client.get("/structures/personne/membres/").status_code == 404
