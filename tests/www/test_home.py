"""The home page says what maillage holds and does, and what to do when it holds little."""

from __future__ import annotations

import html as html_lib
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.structures.enums import StructureKind
from maillage.structures.models import Structure
from maillage.structures.services import structure_create
from tests.www.test_territory_dashboard import build_directory, compute, text_of

COMMAND = (
    "manage.py import_sirene --unites-legales StockUniteLegale_utf8.zip "
    "--etablissements StockEtablissement_utf8.zip"
)


def home_text(client: Client) -> tuple[str, str]:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    return html, html_lib.unescape(text_of(html))


def test_with_reference_data_only_the_home_page_says_what_to_import(
    client: Client, loire_rhone: None
) -> None:
    """With only the reference data, the home page counts it and names the INSEE files and the command."""
    call_command("load_reference_data", stdout=io.StringIO())
    html, text = home_text(client)

    structures = Structure.objects.count()
    networks = Structure.objects.filter(kind=StructureKind.NETWORK).count()
    assert f"{structures} structures" in text
    assert f"{networks} réseaux" in text
    assert "Aucun import SIRENE : voici les fichiers publics à importer et la commande" in text
    assert "StockUniteLegale_utf8.zip" in text
    assert "StockEtablissement_utf8.zip" in text
    assert COMMAND in text
    # The reference data's loading wrote a snapshot: the map is drawn and every région is listed.
    assert '<svg class="map-svg"' in html
    assert re.search(r'<th scope="row"><a href="/territoires/REG-84/">Auvergne-Rhône-Alpes</a></th>', html)
    assert "Répertoire SIRENE (INSEE) aucun import" in text


def test_home_page_offers_every_entry_point(client: Client, db: None) -> None:
    """The directory, the observatory, the surveys and contributing are one click away."""
    html, text = home_text(client)
    for url in ('href="/structures/"', 'href="/territoires/"', 'href="/enquetes/"', 'href="/contribuer/"'):
        assert url in html
    assert "Ajouter ou revendiquer ma structure" in text


def test_an_empty_instance_says_why_and_what_to_do(client: Client, db: None) -> None:
    """Without referential, directory or snapshot, each block says what is missing and the command."""
    _, text = home_text(client)
    assert "0 structure " in text
    assert "0 réseau " in text
    assert "0 territoire doté d'un diagnostic" in text
    assert "manage.py import_territoires" in text
    assert "manage.py load_reference_data" in text
    assert COMMAND in text


def test_counts_map_changes_and_sources_follow_the_data(client: Client, loire_rhone: None) -> None:
    """Counts, the régions' figures, the latest changes and the sources' dates come from the database."""
    build_directory()
    created = structure_create(name="Le Fil", commune_id="COM-42218")
    ImportRun.objects.create(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED)
    compute()
    html, text = home_text(client)

    assert f"{Structure.objects.count()} structures" in text
    assert "1 réseau " in text
    assert "Aucun import SIRENE" not in text
    assert re.search(r"Répertoire SIRENE \(INSEE\) dernier import le \d+", text)
    assert re.search(r"Indicateurs de l'observatoire dernier instantané le \d+", text)
    assert re.search(r"Référentiel territorial millésime \d{4}, importé le", text)
    # Every current territory but arrondissements has its diagnostic.
    assert re.search(r"\d+ territoires dotés d'un diagnostic", text)
    assert f'href="/structures/{created.slug}/historique/">Le Fil</a>' in html
    assert "Le Fil — création le" in text
    assert "Structures pour 10 000 habitants" in text  # the map's legend


def test_home_page_runs_a_bounded_number_of_queries(
    client: Client, loire_rhone: None, django_assert_max_num_queries: object
) -> None:
    """The home page reads its counts, map, changes and sources in a handful of queries."""
    build_directory()
    compute()
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        assert client.get("/").status_code == 200


def test_the_observatory_says_which_files_to_import_until_sirene_is(
    client: Client, loire_rhone: None
) -> None:
    """A territory's dashboard computed without SIRENE names the files and the command; not once imported."""
    call_command("load_reference_data", stdout=io.StringIO())
    text = html_lib.unescape(text_of(client.get("/territoires/DEP-42/").content.decode()))
    assert "Aucun import SIRENE : voici les fichiers publics à importer et la commande" in text
    assert COMMAND in text

    ImportRun.objects.create(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED)
    compute()
    assert "Aucun import SIRENE" not in text_of(client.get("/territoires/DEP-42/").content.decode())


def test_the_directory_map_says_which_files_to_import_until_sirene_is(client: Client, db: None) -> None:
    """The directory's map page names the INSEE files and the command; the list alone does not."""
    text = html_lib.unescape(text_of(client.get("/structures/carte/").content.decode()))
    assert "Aucun import SIRENE : voici les fichiers publics à importer et la commande" in text
    assert COMMAND in text
    assert "Aucun import SIRENE" not in text_of(client.get("/structures/").content.decode())

    ImportRun.objects.create(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED)
    assert "Aucun import SIRENE" not in text_of(client.get("/structures/carte/").content.decode())


@pytest.mark.django_db
def test_the_home_page_leads_to_schemes_pooling_agenda_resources_and_the_convention(client: Client) -> None:
    html = client.get("/").content.decode()

    for label, address in (
        ("Trouver un dispositif d'appui", 'href="/dispositifs/"'),
        ("Mutualiser", 'href="/mutualisation/"'),
        ("Venir à une rencontre", 'href="/evenements/"'),
        ("Lire les ressources", 'href="/ressources/"'),
        ("La convention de coopération", 'href="/conventions/"'),
    ):
        assert label in html.replace("&#x27;", "'")
        assert address in html
    for address in ("/dispositifs/", "/mutualisation/", "/evenements/", "/ressources/", "/conventions/"):
        assert client.get(address).status_code == 200
