"""/dispositifs/: full text, facets, territory, exports of the current search; bounded queries."""

import csv
import datetime
import io
import json

import pytest
from django.test import Client
from django.utils import timezone

from maillage.schemes.enums import Variant
from maillage.schemes.exchange import validate_csv
from tests.accounts.factories import UserFactory
from tests.schemes.factories import make_scheme

pytestmark = pytest.mark.usefixtures("loire_rhone")


def test_full_text_uses_the_french_analyser(client: Client) -> None:
    make_scheme(title="Soutien aux théâtres de la Loire", geo_codes=["DEP-42"])
    make_scheme(title="Fonds pour la musique", geo_codes=["DEP-42"])

    html = client.get("/dispositifs/", {"q": "theatre"}).content.decode()

    assert "Soutien aux théâtres de la Loire" in html
    assert "Fonds pour la musique" not in html


def test_facets_filter_by_need_and_instrument(client: Client) -> None:
    make_scheme(title="Prêt d'honneur", needs=["financement"], instruments=["pret"])
    make_scheme(title="Formation des bénévoles", needs=["benevolat"])

    html = client.get("/dispositifs/", {"besoin": "financement"}).content.decode()

    assert "Prêt d&#x27;honneur" in html
    assert "Formation des bénévoles" not in html
    assert "Financement et modèle économique" in html  # the facet's label


def test_a_bad_filter_is_a_400_in_french(client: Client) -> None:
    response = client.get("/dispositifs/", {"territoire": "DEP-999"})

    assert response.status_code == 400
    assert "Territoire inconnu" in response.content.decode()


def test_the_page_offers_an_alert_on_the_current_search(client: Client) -> None:
    client.force_login(UserFactory.create())

    html = client.get("/dispositifs/", {"territoire": "DEP-42", "besoin": "emploi"}).content.decode()

    assert "/alertes/creer/?type=dispositifs&amp;territoire=DEP-42&amp;besoin=emploi" in html


def test_open_now_and_closing_soon(client: Client) -> None:
    now = timezone.now()
    make_scheme(title="Clos bientôt", closes_at=now + datetime.timedelta(days=10))
    make_scheme(title="Clos plus tard", closes_at=now + datetime.timedelta(days=90))
    make_scheme(title="Pas encore ouvert", opens_at=now + datetime.timedelta(days=3))

    soon = client.get("/dispositifs/", {"ouverture": "bientot_clos"}).content.decode()
    opened = client.get("/dispositifs/", {"ouverture": "ouvert"}).content.decode()

    assert "Clos bientôt" in soon
    assert "Clos plus tard" not in soon
    assert "Clos plus tard" in opened
    assert "Pas encore ouvert" not in opened


def test_the_list_reads_a_bounded_number_of_queries(client: Client, django_assert_max_num_queries) -> None:
    for n in range(30):
        make_scheme(title=f"Dispositif {n}", needs=["emploi"], geo_codes=["DEP-42"])

    with django_assert_max_num_queries(16):
        response = client.get("/dispositifs/", {"territoire": "COM-42218"})

    assert response.status_code == 200


def test_the_csv_export_is_the_current_search_in_the_schema(
    client: Client, django_assert_max_num_queries
) -> None:
    for n in range(10):
        make_scheme(title=f"Loire {n}", geo_codes=["DEP-42"])
    make_scheme(title="Rhône", geo_codes=["DEP-69"])

    with django_assert_max_num_queries(8):
        response = client.get(
            "/dispositifs/export/csv/", {"territoire": "DEP-42", "variante": Variant.PROFESSIONNELS}
        )

    text = response.content.decode()
    assert validate_csv(text, Variant.PROFESSIONNELS) == []
    titles = {row["titre"] for row in csv.DictReader(io.StringIO(text))}
    assert "Rhône" not in titles
    assert len(titles) == 10


def test_the_json_export_carries_the_extensions(client: Client) -> None:
    make_scheme(title="Fonds", instruments=["garantie"])

    data = json.loads(client.get("/dispositifs/export/json/").content)

    assert data["dispositifs"][0]["x_instruments"] == "garantie"


def test_a_scheme_page_shows_its_area_and_porteurs(client: Client) -> None:
    scheme = make_scheme(title="Région sauf Loire", geo_codes=["REG-84"], geo_exclusions=["DEP-42"])

    html = client.get(scheme.get_absolute_url()).content.decode()

    assert "Auvergne-Rhône-Alpes" in html
    assert "sauf Loire" in html
    assert "Région Auvergne-Rhône-Alpes (financeur)" in html


def test_a_draft_is_hidden_from_the_public(client: Client) -> None:
    scheme = make_scheme(title="Brouillon", status="draft")

    assert client.get(scheme.get_absolute_url()).status_code == 404
    assert "Brouillon" not in client.get("/dispositifs/").content.decode()
