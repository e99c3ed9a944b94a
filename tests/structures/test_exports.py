"""Exports: spreadsheet-safe CSV, GeoJSON points, data·inclusion records, streamed in chunks."""

import csv
import datetime
import io
import json
from typing import Any

import pytest
from data_inclusion.schema.v1 import Structure as DataInclusionStructure
from django.core.management import call_command
from django.db.models import QuerySet

from maillage.structures import data_inclusion, exports
from maillage.structures.data_inclusion import data_inclusion_chunks, data_inclusion_record
from maillage.structures.enums import EssFamily
from maillage.structures.exports import csv_chunks, geojson_chunks, spreadsheet_safe
from maillage.structures.models import Discipline, Structure
from maillage.territories.models import Territory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db

SITE = "https://maillage.example"


def everything() -> QuerySet[Structure]:
    return Structure.objects.order_by("name", "pk")


def read_csv(structures: QuerySet[Structure], **kwargs: Any) -> tuple[str, list[dict[str, str]]]:
    text = "".join(csv_chunks(structures, site_url=SITE, **kwargs))
    return text, list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def read_geojson(structures: QuerySet[Structure], **kwargs: Any) -> dict[str, Any]:
    return json.loads("".join(geojson_chunks(structures, site_url=SITE, **kwargs)))


def read_data_inclusion(structures: QuerySet[Structure], **kwargs: Any) -> list[dict[str, Any]]:
    return json.loads("".join(data_inclusion_chunks(structures, site_url=SITE, **kwargs)))


# CSV


def test_the_csv_is_utf8_with_a_bom_commas_and_a_french_header() -> None:
    StructureFactory.create(name="Théâtre ; des Célestins, à Lyon")

    text, rows = read_csv(everything())

    assert text.startswith("\ufeffnom,sigle,siret,type,famille_ess,ess,commune,code_insee,departement,")
    assert text.splitlines()[0].removeprefix("\ufeff").split(",") == list(exports.CSV_COLUMNS)
    assert rows[0]["nom"] == "Théâtre ; des Célestins, à Lyon"
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")


@pytest.mark.usefixtures("loire_rhone")
def test_a_csv_row_gives_place_labels_and_provenance() -> None:
    structure = StructureFactory.create(
        name="La Comédie",
        association=True,
        with_siret=True,
        commune=Territory.objects.get(id="COM-42218"),
        postal_code="42000",
        latitude=45.43,
        longitude=-2.08,
        source_label="Rapport d'activité 2024",
        source_date=datetime.date(2024, 6, 30),
    )
    structure.disciplines.set(Discipline.objects.filter(slug__in=["theatre", "danse"]))

    _, [row] = read_csv(everything())

    assert row == {
        "nom": "La Comédie",
        "sigle": "",
        "siret": structure.siret,
        "type": "Structure artistique ou culturelle",
        "famille_ess": "Association",
        "ess": "oui",
        "commune": "Saint-Étienne",
        "code_insee": "42218",
        "departement": "Loire",
        "code_postal": "42000",
        "adresse": structure.street,
        "site_web": structure.website,
        "courriel": structure.email,
        "latitude": "45.43",
        # A number the export writes itself stays a number, even negative.
        "longitude": "-2.08",
        "precision": "adresse",
        "disciplines": "Théâtre | Danse",
        "en_activite": "oui",
        "url": f"{SITE}/structures/{structure.slug}/",
        "source": "Rapport d'activité 2024",
        "date_source": "2024-06-30",
    }


def test_a_formula_in_a_name_is_written_as_text() -> None:
    StructureFactory.create(
        name='=HYPERLINK("http://x")', acronym="@SUM(A1)", street="+33 rue", description="-"
    )

    _, [row] = read_csv(everything())

    assert row["nom"] == '\'=HYPERLINK("http://x")'
    assert row["sigle"] == "'@SUM(A1)"
    assert row["adresse"] == "'+33 rue"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_every_formula_trigger_is_neutralised(value: str) -> None:
    assert spreadsheet_safe(value) == f"'{value}"


@pytest.mark.parametrize("value", ["", "Le Fil", "1 + 1", "a=b", "x-y", "'déjà"])
def test_ordinary_text_is_left_alone(value: str) -> None:
    assert spreadsheet_safe(value) == value


def test_the_csv_stops_at_the_limit() -> None:
    StructureFactory.create_batch(7)

    _, rows = read_csv(everything(), limit=5)

    assert len(rows) == 5


def test_the_csv_reads_one_query_and_one_per_chunk_for_the_disciplines(
    monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    disciplines = list(Discipline.objects.all())
    for structure in StructureFactory.create_batch(35):
        structure.disciplines.set(disciplines)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 10)

    # The rows in one query read by chunks of 10, and the disciplines of each of the 4 chunks in one query.
    with django_assert_num_queries(5):
        _, rows = read_csv(everything())

    assert len(rows) == 35
    assert all(row["disciplines"].count("|") == len(disciplines) - 1 for row in rows)


# GeoJSON


def test_the_geojson_has_points_and_counts_what_it_left_out() -> None:
    placed = StructureFactory.create(
        name="Le Fil", latitude=45.44, longitude=4.38, ess_family=EssFamily.ASSOCIATION
    )
    StructureFactory.create_batch(2, latitude=None, longitude=None)

    collection = read_geojson(everything())

    assert collection["type"] == "FeatureCollection"
    assert (collection["sans_coordonnees"], collection["tronque"]) == (2, False)
    [feature] = collection["features"]
    assert feature["id"] == placed.slug
    # RFC 7946: longitude first.
    assert feature["geometry"] == {"type": "Point", "coordinates": [4.38, 45.44]}
    assert feature["properties"]["nom"] == "Le Fil"
    assert feature["properties"]["famille_ess"] == "association"
    assert feature["properties"]["url"] == f"{SITE}/structures/{placed.slug}/"


@pytest.mark.usefixtures("loire_rhone")
def test_exports_place_a_structure_without_coordinates_at_its_commune_s_centre() -> None:
    """Both exports carry every structure the map shows, and say how precise each point is."""
    saint_etienne = Territory.objects.get(id="COM-42218")
    StructureFactory.create(name="Le Fil", commune=saint_etienne, latitude=45.4283, longitude=4.3953)
    StructureFactory.create(name="La Comédie", commune=saint_etienne, latitude=None, longitude=None)
    StructureFactory.create(name="Sans lieu", commune=None, latitude=None, longitude=None)

    collection = read_geojson(everything())
    _, rows = read_csv(everything())

    by_name = {f["properties"]["nom"]: f for f in collection["features"]}
    assert set(by_name) == {"Le Fil", "La Comédie"}
    assert collection["sans_coordonnees"] == 1
    assert by_name["Le Fil"]["geometry"]["coordinates"] == [4.3953, 45.4283]
    assert by_name["Le Fil"]["properties"]["precision"] == "adresse"
    assert by_name["La Comédie"]["geometry"]["coordinates"] == [
        saint_etienne.longitude,
        saint_etienne.latitude,
    ]
    assert by_name["La Comédie"]["properties"]["precision"] == "commune"
    cells = {row["nom"]: (row["latitude"], row["longitude"], row["precision"]) for row in rows}
    assert cells == {
        "Le Fil": ("45.4283", "4.3953", "adresse"),
        "La Comédie": (repr(saint_etienne.latitude), repr(saint_etienne.longitude), "commune"),
        "Sans lieu": ("", "", ""),
    }


@pytest.mark.usefixtures("loire_rhone")
def test_the_geojson_export_has_as_many_points_as_the_map(client) -> None:
    """The export's consumers (QGIS, uMap) see the points the site's map counts."""
    saint_etienne = Territory.objects.get(id="COM-42218")
    StructureFactory.create_batch(3, commune=saint_etienne, latitude=None, longitude=None)
    StructureFactory.create_batch(2, commune=saint_etienne, latitude=45.44, longitude=4.39)

    features = json.loads(b"".join(client.get("/structures/export/geojson/").streaming_content))["features"]
    points = client.get("/structures/carte.json", {"bbox": "-5.5,41.0,10.0,51.5", "zoom": "14"}).json()

    assert len(features) == points["total"] == 5


def test_the_geojson_says_when_it_was_cut_short() -> None:
    StructureFactory.create_batch(4, latitude=45.0, longitude=4.0)

    cut = read_geojson(everything(), limit=3)
    whole = read_geojson(everything(), limit=4)

    assert (len(cut["features"]), cut["tronque"]) == (3, True)
    assert (len(whole["features"]), whole["tronque"]) == (4, False)


def test_an_empty_geojson_is_valid() -> None:
    assert read_geojson(everything()) == {
        "type": "FeatureCollection",
        "features": [],
        "sans_coordonnees": 0,
        "tronque": False,
    }


# data·inclusion


def test_the_mapped_fields_are_those_of_the_schema() -> None:
    assert list(data_inclusion.FIELDS) == list(DataInclusionStructure.model_fields)


@pytest.mark.usefixtures("loire_rhone")
def test_every_reference_structure_is_a_valid_data_inclusion_record() -> None:
    call_command("load_reference_data", stdout=io.StringIO())

    records = read_data_inclusion(everything())

    assert len(records) == 31
    for record in records:
        assert set(record) == set(DataInclusionStructure.model_fields)
        DataInclusionStructure.model_validate(record)
    cluster = next(r for r in records if r["id"] == "maillage--culture-et-cooperation")
    assert {k: cluster[k] for k in ("source", "nom", "commune", "code_insee", "code_postal", "adresse")} == {
        "source": "maillage",
        "nom": "Culture et Coopération",
        "commune": "Saint-Étienne",
        "code_insee": "42218",
        "code_postal": "42000",
        "adresse": "20 rue Saint-Joseph",
    }
    assert cluster["lien_source"] == f"{SITE}/structures/culture-et-cooperation/"
    assert cluster["courriel"] == "culturescooperatives@gmail.com"
    # Nothing the directory does not hold is made up.
    assert [
        cluster[k] for k in ("horaires_accueil", "accessibilite_lieu", "reseaux_porteurs", "telephone")
    ] == [
        None,
        None,
        None,
        None,
    ]


def test_a_complete_structure_is_a_valid_record_with_every_field_it_has() -> None:
    structure = StructureFactory.create(
        with_siret=True, phone="+33477000000", latitude=45.44, longitude=4.38, postal_code="42000"
    )

    record = data_inclusion_record(structure, site_url=SITE)

    validated = DataInclusionStructure.model_validate(record)
    assert validated.siret == structure.siret
    assert (validated.latitude, validated.longitude) == (45.44, 4.38)
    assert validated.telephone == "+33477000000"
    assert validated.courriel == structure.email
    assert validated.date_maj == structure.updated_at.date()


def test_names_and_descriptions_out_of_the_schema_bounds_are_shortened_or_left_out() -> None:
    long_one = StructureFactory.create(
        name="Compagnie " + "très " * 40 + "longue", description="Bal.", email="contact@compagnie.fr"
    )
    StructureFactory.create(name="Yo")

    records = read_data_inclusion(everything())

    [record] = records
    assert record["id"] == f"maillage--{long_one.slug}"
    assert len(record["nom"]) == 150
    assert record["nom"].endswith("…")
    assert record["description"] is None
    DataInclusionStructure.model_validate(record)


def test_a_name_made_of_markup_or_a_formula_stays_as_written_in_json() -> None:
    StructureFactory.create(name='=HYPERLINK("http://x") <script>')

    assert read_data_inclusion(everything())[0]["nom"] == '=HYPERLINK("http://x") <script>'
